using Akka.Actor;
using Akka.Cluster;

namespace AkkaRunGroup.Cluster;

/// <summary>
/// The exit error of a cluster member whose node's membership ended for a reason the member did not cause, or that
/// could not join in time. Its <see cref="Reason"/> says which, and <see cref="LastStatus"/> from what status.
/// </summary>
public sealed class ClusterMembershipException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">Why the membership ended.</param>
    /// <param name="node">The address of the node whose membership ended.</param>
    /// <param name="lastStatus">The node's status before the change; null if it never became a member.</param>
    /// <param name="seedNodes">The seed nodes the member joined through.</param>
    /// <param name="message">The message, which states the reason, the node and the status.</param>
    /// <param name="innerException">What made the join fail, if anything did.</param>
    public ClusterMembershipException(
        ClusterMembershipReason reason,
        Address node,
        MemberStatus? lastStatus,
        IReadOnlyList<Address> seedNodes,
        string message,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
        Node = node;
        LastStatus = lastStatus;
        SeedNodes = seedNodes;
    }

    /// <summary>Why the membership ended.</summary>
    public ClusterMembershipReason Reason { get; }

    /// <summary>The address of the node whose membership ended.</summary>
    public Address Node { get; }

    /// <summary>The node's own status before the change that ended its membership (for example Up before Downed).</summary>
    /// <value>Null when the node never became a member of the cluster, as after a join timeout with no answer.</value>
    public MemberStatus? LastStatus { get; }

    /// <summary>The seed nodes the member joined through: the ones given to it, or <c>akka.cluster.seed-nodes</c>.</summary>
    /// <value>Empty when none were given or configured.</value>
    public IReadOnlyList<Address> SeedNodes { get; }
}
