using Akka.Event;
using Akka.Cluster;
using static Akka.Cluster.ClusterEvent;

namespace AkkaRunGroup.Cluster.Tests.Sharding;

/// <summary>
/// Records, on one node, when it first sees the leaving node Leaving, Exiting or Removed, and every warning of a shard
/// region that dropped buffered messages.
/// </summary>
public sealed class NodeObserver : ReceiveActor
{
    public NodeObserver(HandOffJournal journal, Address leaving)
    {
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        var node = cluster.SelfAddress.Port ?? 0;
        var seen = false;
        Receive<MemberStatusChange>(e =>
        {
            if (!seen && e.Member.Address.Equals(leaving) && e is ClusterEvent.MemberLeft or ClusterEvent.MemberExited or ClusterEvent.MemberRemoved)
            {
                seen = true;
                journal.Add(HandOffJournal.Kind.SeenLeaving, "", node, detail: e.GetType().Name);
            }
        });
        Receive<Warning>(w =>
        {
            if (w.Message?.ToString() is { } text && text.Contains("Dropping", StringComparison.Ordinal))
            {
                journal.Add(HandOffJournal.Kind.Dropped, "", node, detail: text);
            }
        });
        cluster.Subscribe(Self, SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberLeft), typeof(ClusterEvent.MemberExited), typeof(ClusterEvent.MemberRemoved));
        Context.System.EventStream.Subscribe(Self, typeof(Warning));
    }
}
