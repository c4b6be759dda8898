using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The child actor of a synchronous or asynchronous member. It owns the member's execution: it runs the
/// execute when its <see cref="StartExecute"/> arrives, runs the interrupt when its <see cref="Interrupt"/> arrives
/// (where the member allows it), and stops when the member exits: its termination is how the GroupSupervisor learns
/// of the exit. A member with a restart policy gets a <see cref="RestartingExecutionActor"/>, which adds the restarts.
/// </summary>
/// <remarks>
/// Its Props are shared by every such actor of a dispatcher: the actor learns its member from its first message
/// instead of from a Props, a Deploy and a producer of its own. An actor stopped before any message knows no member;
/// the GroupSupervisor then starts the execute itself.
/// </remarks>
internal class ExecutionActor : ActorBase
{
    private static readonly IIndirectActorProducer Producer = new ActorProducer<ExecutionActor>(static () => new ExecutionActor());

    /// <summary>The member, from the first message on.</summary>
    protected ExecutingMember? Member { get; private set; }

    /// <summary>The Props of the actor of <paramref name="member"/> on <paramref name="dispatcher"/> (empty: Akka's default dispatcher).</summary>
    public static Props Props(ExecutingMember member, string dispatcher) => member.RestartHistory is null
        ? PropsCache.For<ExecutionActor>(dispatcher, Producer)
        : RestartingExecutionActor.Props(dispatcher);

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case StartExecute start:
                Member = start.Member;
                Member.StartOnActor();
                return true;
            case Interrupt interrupt:
                Member?.InterruptOnActor(interrupt.Error);
                OnInterrupted();
                return true;
            default:
                return false;
        }
    }

    /// <summary>The group's interrupt reached the actor (after the member ran it here, where it could).</summary>
    protected virtual void OnInterrupted()
    {
    }

    protected override void PostStop() => Member?.OnActorStopping((false, null));

    /// <summary>Creates the actors of a cached Props, without reflection or expression compilation.</summary>
    protected sealed class ActorProducer<TActor>(Func<TActor> create) : IIndirectActorProducer
        where TActor : ActorBase
    {
        public Type ActorType => typeof(TActor);

        public ActorBase Produce() => create();

        public void Release(ActorBase actor)
        {
        }
    }
}
