using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The child actor of an executing member, spawned by the GroupSupervisor, which starts the member's
/// execute right after. It passes the group's interrupt on, and is stopped by the member once the execute has
/// returned: its termination is how the GroupSupervisor learns of the exit.
/// </summary>
internal sealed class MemberActor : ActorBase
{
    private readonly ExecutingMember _member;

    private MemberActor(ExecutingMember member) => _member = member;

    public static Props PropsFor(ExecutingMember member, RunGroupSettings settings)
    {
        var props = Props.CreateBy(new Producer(member)).WithMailbox(MemberMailbox.ConfigPath);
        return settings.Dispatcher.Length == 0 ? props : props.WithDispatcher(settings.Dispatcher);
    }

    protected override bool Receive(object message)
    {
        if (message is Interrupt interrupt)
        {
            _member.RequestInterrupt(interrupt.Error);
            return true;
        }

        return false;
    }

    /// <summary>Creates the actor without reflection or expression compilation.</summary>
    private sealed class Producer(ExecutingMember member) : IIndirectActorProducer
    {
        public Type ActorType => typeof(MemberActor);

        public ActorBase Produce() => new MemberActor(member);

        public void Release(ActorBase actor)
        {
        }
    }
}
