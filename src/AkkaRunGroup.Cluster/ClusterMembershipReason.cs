namespace AkkaRunGroup.Cluster;

/// <summary>Why a cluster member exited with a <see cref="ClusterMembershipException"/>.</summary>
public enum ClusterMembershipReason
{
    /// <summary>The node was not Up when <c>akka.run-group.cluster.join-timeout</c> elapsed.</summary>
    JoinTimedOut,

    /// <summary>The node started leaving (status Leaving), and not because the member was interrupted.</summary>
    Leaving,

    /// <summary>The node became Exiting, and not because the member was interrupted.</summary>
    Exiting,

    /// <summary>The node was marked Down: by another node, by the downing provider, or by a split-brain resolver.</summary>
    Downed,

    /// <summary>The node was removed from the cluster, and not because the member was interrupted.</summary>
    Removed,

    /// <summary>The node's cluster daemon stopped (for example, the ActorSystem is shutting down) before the node left.</summary>
    ClusterShutDown,
}
