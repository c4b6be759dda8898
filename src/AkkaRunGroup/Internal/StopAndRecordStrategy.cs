using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The GroupSupervisor's strategy: a failing child is stopped, never restarted or resumed, and its
/// exception is recorded as the member's exit error.
/// </summary>
internal sealed class StopAndRecordStrategy : OneForOneStrategy
{
    private readonly Dictionary<IActorRef, Exception> _failures;

    public StopAndRecordStrategy(Dictionary<IActorRef, Exception> failures)
        : base(static _ => Directive.Stop) => _failures = failures;

    protected override Directive Handle(IActorRef child, Exception exception)
    {
        _failures.TryAdd(child, exception);
        return Directive.Stop;
    }
}
