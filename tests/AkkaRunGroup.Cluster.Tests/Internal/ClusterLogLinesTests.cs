using System.Reflection;
using Akka.Event;
using AkkaRunGroup.Cluster.Internal;

namespace AkkaRunGroup.Cluster.Tests.Internal;

/// <summary>Every line of a cluster member carries the stable event id of its kind, declared once in <see cref="ClusterLogLines"/>.</summary>
public sealed class ClusterLogLinesTests
{
    private static readonly ClusterMemberPlan Plan = new("svc", "cluster", [], null);

    [Fact]
    public void Every_kind_of_line_has_an_id_and_a_name_of_its_own_from_2001()
    {
        var ids = typeof(ClusterLogLines).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(int))
            .Select(f => (int)f.GetValue(null)!)
            .Order();

        Assert.Equal(ids, ClusterLogLines.All.Select(k => k.Id).Order());
        Assert.Equal(ClusterLogLines.All.Count, ClusterLogLines.All.Select(k => k.Id).Distinct().Count());
        Assert.Equal(ClusterLogLines.All.Count, ClusterLogLines.All.Select(k => k.Name).Distinct().Count());
        Assert.All(ClusterLogLines.All, k => Assert.InRange(k.Id, 2001, 2999));
    }

    [Fact]
    public void Every_line_a_cluster_member_logs_carries_the_event_id_of_its_kind_at_Info()
    {
        var log = new Collecting();

        ClusterLogLines.Joining(log, Plan, "akka.tcp://svc@a:1", "seed nodes akka.tcp://svc@a:1", TimeSpan.FromSeconds(60));
        ClusterLogLines.NodeStatus(log, Plan, "akka.tcp://svc@a:1", "Up");
        ClusterLogLines.NotAMember(log, Plan, "akka.tcp://svc@a:1");
        ClusterLogLines.LeavesInRunningShutdown(log, Plan, "akka.tcp://svc@a:1", "ClrExitReason");
        ClusterLogLines.LeavesByRunningShutdown(log, Plan, "akka.tcp://svc@a:1", "interrupted");
        ClusterLogLines.StaysAMember(log, Plan, "akka.tcp://svc@a:1");

        // Every kind is logged above, each by the method of its name.
        Assert.Equal(ClusterLogLines.All, log.Lines.Select(l => (l.Line.EventId, l.Line.EventName)));
        var methods = typeof(ClusterLogLines).GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => m.Name).Order();
        Assert.Equal(methods, ClusterLogLines.All.Select(k => k.Name).Order());
        Assert.All(log.Lines, l => Assert.Equal(LogLevel.InfoLevel, l.Level));
        Assert.Equal("Run group 'svc': cluster member 'cluster': node akka.tcp://svc@a:1 is Up", log.Lines[1].Line.ToString());
    }

    private sealed class Collecting() : LoggingAdapterBase(SemanticLogMessageFormatter.Instance)
    {
        public List<(LogLevel Level, RunGroupLogMessage Line)> Lines { get; } = [];

        public override bool IsDebugEnabled => true;

        public override bool IsInfoEnabled => true;

        public override bool IsWarningEnabled => true;

        public override bool IsErrorEnabled => true;

        protected override void NotifyLog(LogLevel logLevel, object message, Exception? cause = null) =>
            Lines.Add((logLevel, Assert.IsType<RunGroupLogMessage>(message)));
    }
}
