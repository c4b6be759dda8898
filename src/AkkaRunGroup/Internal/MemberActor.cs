using System.Collections.Concurrent;
using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The child actor of an executing member, spawned by the GroupSupervisor, which starts the member's
/// execute right after (or has this actor run it). It passes the group's interrupt on, and is stopped by the member
/// once the execute has returned: its termination is how the GroupSupervisor learns of the exit.
/// </summary>
/// <remarks>
/// The actor holds no state: the <see cref="Interrupt"/> message names its member. So every member actor of a
/// dispatcher shares one Props, instead of a Props, a Deploy and a producer per member.
/// </remarks>
internal sealed class MemberActor : ActorBase
{
    private static readonly ConcurrentDictionary<string, Props> PropsByDispatcher = new(StringComparer.Ordinal);

    private static readonly Func<string, Props> CreateProps = static dispatcher =>
    {
        var props = Props.CreateBy(new Producer()).WithMailbox(LeanMailbox.ConfigPath);
        return dispatcher.Length == 0 ? props : props.WithDispatcher(dispatcher);
    };

    /// <summary>The Props of member actors on <paramref name="dispatcher"/> (empty: Akka's default dispatcher).</summary>
    public static Props PropsFor(string dispatcher) => PropsByDispatcher.GetOrAdd(dispatcher, CreateProps);

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case StartExecute start:
                start.Member.OnStartMessage();
                return true;
            case Interrupt interrupt:
                interrupt.Member.OnInterruptMessage(interrupt.Error);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Creates the actor without reflection or expression compilation.</summary>
    private sealed class Producer : IIndirectActorProducer
    {
        public Type ActorType => typeof(MemberActor);

        public ActorBase Produce() => new MemberActor();

        public void Release(ActorBase actor)
        {
        }
    }
}
