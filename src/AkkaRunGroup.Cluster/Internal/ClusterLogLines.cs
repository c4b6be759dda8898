using Akka.Event;

namespace AkkaRunGroup.Cluster.Internal;

/// <summary>
/// INTERNAL API. Every log line of a cluster member, category <see cref="Category"/>, all at Info: each a message
/// template with named placeholders, logged as a <see cref="RunGroupLogMessage"/> with the id of its kind. The ids
/// (2001 and up) are declared once, here; an id is never given to another kind of line.
/// </summary>
internal static class ClusterLogLines
{
    /// <summary>The category, and Akka log source, of the cluster member's lines.</summary>
    public const string Category = "AkkaRunGroup.Cluster";

    public const int JoiningId = 2001;
    public const int NodeStatusId = 2002;
    public const int NotAMemberId = 2003;
    public const int LeavesInRunningShutdownId = 2004;
    public const int LeavesByRunningShutdownId = 2005;
    public const int StaysAMemberId = 2006;

    /// <summary>Every kind of line, id and name.</summary>
    public static readonly IReadOnlyList<(int Id, string Name)> All =
    [
        (JoiningId, nameof(Joining)), (NodeStatusId, nameof(NodeStatus)), (NotAMemberId, nameof(NotAMember)),
        (LeavesInRunningShutdownId, nameof(LeavesInRunningShutdown)), (LeavesByRunningShutdownId, nameof(LeavesByRunningShutdown)),
        (StaysAMemberId, nameof(StaysAMember)),
    ];

    private const string Prefix = "Run group '{Group}': cluster member '{Member}': node {Node}";

    public static void Joining(ILoggingAdapter log, ClusterMemberPlan plan, string node, string seeds, TimeSpan joinTimeout) =>
        Info(log, JoiningId, nameof(Joining), Prefix + " joining through {Seeds}; join timeout {JoinTimeout}", plan.Group, plan.Member, node, seeds, joinTimeout);

    /// <summary>The node's membership changed: Joining, Up, Leaving, Exiting, Downed, Removed, ...</summary>
    public static void NodeStatus(ILoggingAdapter log, ClusterMemberPlan plan, string node, string status) =>
        Info(log, NodeStatusId, nameof(NodeStatus), Prefix + " is {Status}", plan.Group, plan.Member, node, status);

    public static void NotAMember(ILoggingAdapter log, ClusterMemberPlan plan, string node) =>
        Info(log, NotAMemberId, nameof(NotAMember), Prefix + " is not a member; nothing to leave", plan.Group, plan.Member, node);

    public static void LeavesInRunningShutdown(ILoggingAdapter log, ClusterMemberPlan plan, string node, string? reason) =>
        Info(
            log,
            LeavesInRunningShutdownId,
            nameof(LeavesInRunningShutdown),
            Prefix + " hands its shards off and leaves the cluster in the running CoordinatedShutdown ({Reason})",
            plan.Group,
            plan.Member,
            node,
            reason);

    public static void LeavesByRunningShutdown(ILoggingAdapter log, ClusterMemberPlan plan, string node, string? reason) =>
        Info(
            log,
            LeavesByRunningShutdownId,
            nameof(LeavesByRunningShutdown),
            Prefix + " hands its shards off and leaves the cluster: running CoordinatedShutdown ({Reason})",
            plan.Group,
            plan.Member,
            node,
            reason);

    public static void StaysAMember(ILoggingAdapter log, ClusterMemberPlan plan, string node) =>
        Info(
            log,
            StaysAMemberId,
            nameof(StaysAMember),
            Prefix + " stays a member until its ActorSystem shuts down (run-coordinated-shutdown-when-interrupted = off)",
            plan.Group,
            plan.Member,
            node);

    private static void Info(ILoggingAdapter log, int id, string name, string template, params object?[] args)
    {
        if (log.IsInfoEnabled)
        {
            log.Log(LogLevel.InfoLevel, null, new RunGroupLogMessage(id, name, template, args));
        }
    }
}
