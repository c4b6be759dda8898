using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The child actor of a synchronous or asynchronous member. It owns the member's execution: it runs the
/// execute when its <see cref="StartExecute"/> arrives, runs the interrupt when its <see cref="Interrupt"/> arrives
/// (where the member allows it), decides restarts, and stops when the member exits: its termination is how the
/// GroupSupervisor learns of the exit.
/// </summary>
/// <remarks>
/// Its Props are shared by every such actor of a dispatcher: the actor learns its member from its first message
/// instead of from a Props, a Deploy and a producer of its own. An actor stopped before any message knows no member;
/// the GroupSupervisor then starts the execute itself.
/// </remarks>
internal sealed class ExecutionActor : ActorBase
{
    private static readonly IIndirectActorProducer Producer = new ExecutionActorProducer();

    private ExecutingMember? _member;

    /// <summary>The Props of ExecutionActors on <paramref name="dispatcher"/> (empty: Akka's default dispatcher).</summary>
    public static Props Props(string dispatcher) => PropsCache.For<ExecutionActor>(dispatcher, Producer);

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case StartExecute start:
                _member = start.Member;
                _member.StartOnActor();
                return true;
            case IncarnationEnded:
                _member?.DecideOnActor(Context);
                return true;
            case RestartNow:
                _member?.RestartOnActor();
                return true;
            case Interrupt interrupt:
                _member?.InterruptOnActor(interrupt.Error);
                return true;
            default:
                return false;
        }
    }

    protected override void PostStop() => _member?.OnActorStopping();

    private sealed class ExecutionActorProducer : IIndirectActorProducer
    {
        public Type ActorType => typeof(ExecutionActor);

        public ActorBase Produce() => new ExecutionActor();

        public void Release(ActorBase actor)
        {
        }
    }
}
