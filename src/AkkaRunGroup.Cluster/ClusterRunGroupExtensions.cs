using Akka.Actor;
using AkkaRunGroup.Cluster.Internal;

namespace AkkaRunGroup.Cluster;

/// <summary>
/// Adds a cluster member to a <see cref="RunGroup"/>: the member that ties the node's Akka.Cluster membership to the
/// group's other members.
/// </summary>
/// <remarks>
/// <para>The member's execute joins the cluster (through the seed nodes given, or Akka's configured
/// <c>akka.cluster.seed-nodes</c>) and waits until the node is Up, bounded by the join timeout; the member counts as
/// started only then, so the run stays <see cref="RunGroupPhase.Starting"/> (and a readiness probe fails) until the node
/// is Up. It then runs until the
/// node's own membership ends for a reason the member did not cause: the node starts Leaving or Exiting because of
/// someone else, is Downed, is Removed, or its cluster daemon stops. It then exits with a
/// <see cref="ClusterMembershipException"/> saying which and from what status, and the group stops.</para>
/// <para>Interrupted, the member exits at once, cleanly, and the node leaves in Akka's CoordinatedShutdown, whose phases
/// come after the one in which a group is interrupted and awaited: <c>cluster-sharding-shutdown-region</c> hands the
/// node's shards off while it is still Up, then <c>cluster-leave</c> and <c>cluster-exiting</c> make it leave, then the
/// ActorSystem terminates. So a node never starts leaving before its shard regions have handed off, whatever the group's
/// interrupt order. When no shutdown is running yet (the group stopped on a member's exit, <see cref="RunGroup.Interrupt"/>,
/// its token or a signal member), the member starts one with a <see cref="ClusterMemberInterruptedReason"/>, unless
/// <c>akka.run-group.cluster.run-coordinated-shutdown-when-interrupted = off</c> (which <c>WithRunGroup</c> sets:
/// Akka.Hosting runs the shutdown once the host's other services have stopped). A caller that wants to know the node
/// has left awaits <see cref="ActorSystem.WhenTerminated"/>. A node that never became a member exits at once and starts
/// nothing. Leaving, Exiting and Removed during a shutdown that the node's owner started (not the cluster's downing,
/// a leave from elsewhere or a failed join) are expected, and the member waits for its interrupt; Downed is never a
/// graceful end.</para>
/// <para>The member is an actor, child of the group's GroupSupervisor, in the ActorSystem the group runs on; that
/// system must use the cluster provider. The node's lifecycle (Joining, Up, Leaving, Exiting, Downed, Removed) is
/// logged at Info in the group's log source, <c>run-group/NAME</c>, with the node's address.</para>
/// </remarks>
public static class ClusterRunGroupExtensions
{
    /// <summary>Adds a cluster member; see the class remarks for what it does.</summary>
    /// <param name="group">The group.</param>
    /// <param name="seedNodes">The seed nodes to join through; null or empty: those of <c>akka.cluster.seed-nodes</c>.</param>
    /// <param name="name">The member's name.</param>
    /// <returns>The group.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="group"/> or <paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException">A seed node is null, or <paramref name="name"/> is empty or taken.</exception>
    /// <exception cref="InvalidOperationException">The group has already been run.</exception>
    public static RunGroup AddClusterMember(this RunGroup group, IEnumerable<Address>? seedNodes = null, string name = "cluster") =>
        group.AddClusterMember(new ClusterMemberOptions { Name = name, SeedNodes = seedNodes?.ToArray() });

    /// <summary>Adds a cluster member configured by <paramref name="configure"/>; see the class remarks.</summary>
    /// <param name="group">The group.</param>
    /// <param name="configure">Sets the options, which start at their defaults.</param>
    /// <returns>The group.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="group"/> or <paramref name="configure"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is not valid (see <see cref="AddClusterMember(RunGroup, ClusterMemberOptions)"/>).</exception>
    /// <exception cref="InvalidOperationException">The group has already been run.</exception>
    public static RunGroup AddClusterMember(this RunGroup group, Action<ClusterMemberOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new ClusterMemberOptions();
        configure(options);
        return group.AddClusterMember(options);
    }

    /// <summary>Adds a cluster member with <paramref name="options"/>; see the class remarks.</summary>
    /// <param name="group">The group.</param>
    /// <param name="options">The options; read once, here: later changes to them have no effect.</param>
    /// <returns>The group.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="group"/>, <paramref name="options"/> or its name is null.</exception>
    /// <exception cref="ArgumentException">
    /// A seed node is null, the join timeout is not positive, or the name is empty or taken by another member.
    /// </exception>
    /// <exception cref="InvalidOperationException">The group has already been run.</exception>
    public static RunGroup AddClusterMember(this RunGroup group, ClusterMemberOptions options)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Name, nameof(options));
        var seeds = options.SeedNodes?.ToArray() ?? [];
        if (seeds.Any(s => s is null))
        {
            throw new ArgumentException("A seed node must not be null.", nameof(options));
        }

        ThrowIfNotPositive(options.JoinTimeout, nameof(options.JoinTimeout));
        var plan = new ClusterMemberPlan(group.Name, options.Name, seeds, options.JoinTimeout);
        return group.AddActor(ClusterMemberActor.PropsFor(plan), options.Name, static error => new InterruptClusterMember(error), reportsReady: true);
    }

    private static void ThrowIfNotPositive(TimeSpan? timeout, string option)
    {
        if (timeout is { } value && value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"ClusterMemberOptions.{option} must be positive; it is {value}.", option);
        }
    }
}
