using Akka.Actor;

namespace AkkaRunGroup.Cluster.Internal;

/// <summary>
/// INTERNAL API. What <c>AddClusterMember</c> decided, fixed when the member is added: the group and member names
/// (for log lines), the seed nodes given, and the join timeout that overrides the configured one.
/// </summary>
internal sealed record ClusterMemberPlan(string Group, string Member, IReadOnlyList<Address> SeedNodes, TimeSpan? JoinTimeout);
