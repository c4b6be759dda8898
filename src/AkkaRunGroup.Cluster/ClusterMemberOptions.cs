using Akka.Actor;

namespace AkkaRunGroup.Cluster;

/// <summary>The options of one cluster member; see <see cref="ClusterRunGroupExtensions"/>.</summary>
public sealed class ClusterMemberOptions
{
    /// <summary>The member's name in the group.</summary>
    /// <value><c>cluster</c>.</value>
    public string Name { get; set; } = "cluster";

    /// <summary>
    /// The seed nodes the member joins through (<see cref="Akka.Cluster.Cluster.JoinSeedNodes"/>). Null or empty:
    /// the member joins nothing itself and waits for Up, which is right when <c>akka.cluster.seed-nodes</c> is
    /// configured (Akka joins those at start) or when something else calls <c>Cluster.Join</c>.
    /// </summary>
    /// <value>Null.</value>
    public IReadOnlyList<Address>? SeedNodes { get; set; }

    /// <summary>How long the member waits for its node to be Up.</summary>
    /// <value>Null: <c>akka.run-group.cluster.join-timeout</c> (60 s in reference.conf).</value>
    public TimeSpan? JoinTimeout { get; set; }
}
