using Akka.Event;

namespace AkkaRunGroup.Cluster.Internal;

/// <summary>
/// INTERNAL API. The group's interrupt, with the group's error, to the cluster member: leave the node's membership to
/// CoordinatedShutdown (started here if the settings say so), then stop.
/// </summary>
internal sealed record InterruptClusterMember(Exception? Error);

/// <summary>INTERNAL API. The join timeout elapsed.</summary>
internal sealed class JoinTimedOut
{
    public static readonly JoinTimedOut Instance = new();

    private JoinTimedOut()
    {
    }
}

/// <summary>
/// INTERNAL API. The node was removed or its cluster daemon stopped (<c>Cluster.RegisterOnMemberRemoved</c>). The
/// callback outlives the member actor, so a late one is an expected dead letter.
/// </summary>
internal sealed class ClusterStopped : IDeadLetterSuppression
{
    public static readonly ClusterStopped Instance = new();

    private ClusterStopped()
    {
    }
}
