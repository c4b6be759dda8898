using CsCheck;

namespace AkkaRunGroup.Cluster.Tests.Reliability;

/// <summary>What ends a random cluster group first.</summary>
public enum ClusterTrigger
{
    /// <summary>A member of the group (not the cluster member) exits, cleanly or with its error.</summary>
    MemberExits,

    /// <summary>RunAsync's token is cancelled.</summary>
    Cancel,

    /// <summary>The node is made to leave from outside the group (<c>Cluster.Leave</c>): the cluster member exits first.</summary>
    LeaveFromOutside,
}

/// <summary>One member besides the cluster member: synchronous or async, running until interrupted.</summary>
public sealed record ClusterOtherSpec(bool Sync);

/// <summary>One random cluster group.</summary>
/// <param name="AfterUp">The first exit comes once the node is Up; otherwise at once, maybe while it joins.</param>
/// <param name="ClusterAt">Where the cluster member is added among the others.</param>
public sealed record ClusterGroupSpec(ClusterTrigger Trigger, bool AfterUp, int DelayMs, bool TriggerFails, int ClusterAt, ClusterOtherSpec[] Others)
{
    public override string ToString() =>
        $"{Trigger}{(AfterUp ? " after Up" : " at once")} +{DelayMs}ms{(TriggerFails ? " with an error" : "")} cluster at {ClusterAt} others=[{string.Join(", ", Others.Select(o => o.Sync ? "sync" : "async"))}]";
}

/// <summary>The generator of random cluster groups.</summary>
public static class ClusterChaosModel
{
    public static Gen<ClusterGroupSpec> Groups { get; } = Gen.Select(
        Gen.Enum<ClusterTrigger>(),
        Gen.Frequency((4, Gen.Const(true)), (1, Gen.Const(false))),
        Gen.OneOf(0, 1, 5),
        Gen.Bool,
        Gen.Int[0, 4],
        Gen.Select(Gen.Bool, sync => new ClusterOtherSpec(sync)).Array[1, 4],
        (trigger, afterUp, delay, fails, at, others) =>
            // A node can only be made to leave once it is a member.
            new ClusterGroupSpec(trigger, afterUp || trigger == ClusterTrigger.LeaveFromOutside, delay, fails, at % (others.Length + 1), others));
}
