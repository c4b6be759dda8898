using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The GroupSupervisor's strategy: a failing child is stopped, never restarted or resumed, and its
/// exception is recorded as the member's exit error. Akka's own failure logging is off: it reads the exception's
/// <c>Message</c>, which a member's exception may make throw; the GroupSupervisor logs the failure itself.
/// </summary>
internal sealed class StopAndRecordStrategy : OneForOneStrategy
{
    private readonly Action<IActorRef, Exception> _record;

    public StopAndRecordStrategy(Action<IActorRef, Exception> record)
        : base(static _ => Directive.Stop, loggingEnabled: false) => _record = record;

    protected override Directive Handle(IActorRef child, Exception exception)
    {
        _record(child, exception);
        return Directive.Stop;
    }
}
