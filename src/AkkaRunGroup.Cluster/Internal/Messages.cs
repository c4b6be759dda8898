using Akka.Event;

namespace AkkaRunGroup.Cluster.Internal;

/// <summary>INTERNAL API. The group's interrupt, to the cluster member: leave the cluster gracefully, then stop.</summary>
internal sealed class LeaveCluster
{
    public static readonly LeaveCluster Instance = new();

    private LeaveCluster()
    {
    }
}

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

/// <summary>
/// INTERNAL API. <c>Cluster.LeaveAsync</c> ended: <paramref name="Error"/> is null when the node left. The member
/// usually stops on its own Removed event first, so a late one is an expected dead letter.
/// </summary>
internal sealed record LeaveEnded(Exception? Error) : IDeadLetterSuppression;
