using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;
using Akka.Event;
using AkkaRunGroup.Internal;
using Xunit.Abstractions;

namespace AkkaRunGroup.Tests.Internal;

/// <summary>
/// Every line of a run carries the stable event id of its kind, declared once in <see cref="LogLineKinds"/>, at that
/// kind's level; a line that counts members reads right for one.
/// </summary>
public sealed class LogLinesTests(ITestOutputHelper output) : RunGroupTestKit(output, "akka.loglevel = DEBUG")
{
    [Fact]
    public void Every_kind_of_line_has_an_id_and_a_name_of_its_own_from_1001()
    {
        var declared = typeof(LogLineKinds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(LogLineKind))
            .Select(f => (LogLineKind)f.GetValue(null)!)
            .ToList();

        Assert.Equal(declared, LogLineKinds.All);
        Assert.Equal(LogLineKinds.All.Count, LogLineKinds.All.Select(e => e.Id).Distinct().Count());
        Assert.Equal(LogLineKinds.All.Count, LogLineKinds.All.Select(e => e.Name).Distinct().Count());
        Assert.All(LogLineKinds.All, e => Assert.InRange(e.Id, 1001, 1999));
        Assert.Equal(LogLineKinds.All.OrderBy(e => e.Id), LogLineKinds.All);
    }

    [Fact]
    public void Every_line_a_run_logs_carries_the_event_id_of_its_kind_at_its_level()
    {
        var (plan, lines) = PlanLoggingTo("every-line");
        var error = new InvalidOperationException("boom");
        var result = new RunResult(plan.Name, error, "a", [], TimeSpan.FromMilliseconds(12));
        var expected = new List<(string Method, LogLineKind Kind)>();

        void Expect(string method, LogLineKind kind, Action log)
        {
            log();
            expected.Add((method, kind));
        }

        Expect(nameof(LogLines.FirstExit), LogLineKinds.FirstExit, () => LogLines.FirstExit(plan, "a", error, 2));
        Expect(nameof(LogLines.InterruptedFromOutside), LogLineKinds.InterruptedFromOutside, () => LogLines.InterruptedFromOutside(plan, null, 2));
        Expect(nameof(LogLines.DrainBegins), LogLineKinds.DrainBegins, () => LogLines.DrainBegins(plan, null, error, 2));
        Expect(nameof(LogLines.DrainCut), LogLineKinds.DrainCut, () => LogLines.DrainCut(plan, PosixSignal.SIGTERM));
        Expect(nameof(LogLines.MemberExited), LogLineKinds.MemberExited, () => LogLines.MemberExited(plan, "a", null));
        Expect(
            nameof(LogLines.Restarting),
            LogLineKinds.MemberRestarting,
            () => LogLines.Restarting(plan, "a", error, 1, RestartPolicy.OnFailure(3), TimeSpan.FromMilliseconds(100)));
        Expect(nameof(LogLines.ActorFailed), LogLineKinds.MemberActorFailed, () => LogLines.ActorFailed(plan, "a", error));
        Expect(nameof(LogLines.InterruptThrew), LogLineKinds.InterruptThrew, () => LogLines.InterruptThrew(plan, "a", error));
        Expect(nameof(LogLines.TurnTimedOut), LogLineKinds.InterruptTurnTimedOut, () => LogLines.TurnTimedOut(plan, "a"));
        Expect(nameof(LogLines.Abandoned), LogLineKinds.MembersAbandoned, () => LogLines.Abandoned(plan, ["a", "b"]));
        Expect(nameof(LogLines.SupervisorFailed), LogLineKinds.SupervisorFailed, () => LogLines.SupervisorFailed(plan, error));
        Expect(nameof(LogLines.Completed), LogLineKinds.RunCompleted, () => LogLines.Completed(plan, result));
        Expect(nameof(LogLines.RunningCoordinatedShutdown), LogLineKinds.RunningCoordinatedShutdown, () => LogLines.RunningCoordinatedShutdown(plan));

        // Every method of LogLines is called above: a new kind of line cannot go without its id.
        var methods = typeof(LogLines).GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => m.Name).Order();
        Assert.Equal(methods, expected.Select(e => e.Method).Order());
        Assert.Equal(LogLineKinds.All.OrderBy(e => e.Id), expected.Select(e => e.Kind).OrderBy(e => e.Id));
        var logged = lines.ToArray();
        Assert.Equal(expected.Count, logged.Length);
        for (var i = 0; i < expected.Count; i++)
        {
            var (level, line) = logged[i];
            Assert.Equal((expected[i].Kind.Id, expected[i].Kind.Name, expected[i].Kind.Level), (line.EventId, line.EventName, level));
            Assert.Contains("'every-line'", line.ToString());
        }
    }

    [Theory]
    [InlineData(1, "interrupting 1 member", "completing without 1 member still running: 'a'")]
    [InlineData(2, "interrupting 2 members", "completing without 2 members still running: 'a', 'b'")]
    public void A_line_that_counts_members_reads_right_for_one_and_keeps_its_fields(int members, string interrupting, string abandoned)
    {
        var (plan, lines) = PlanLoggingTo("counted");
        string[] names = ["a", "b"];

        LogLines.FirstExit(plan, "a", null, members);
        LogLines.FirstExit(plan, "a", new InvalidOperationException("boom"), members);
        LogLines.InterruptedFromOutside(plan, null, members);
        LogLines.DrainBegins(plan, "a", null, members);
        LogLines.DrainBegins(plan, null, new InvalidOperationException("boom"), members);
        LogLines.Abandoned(plan, [.. names.Take(members)]);

        var logged = lines.Select(l => l.Line).ToArray();
        Assert.All(logged.Take(5), l => Assert.EndsWith(interrupting, l.ToString()));
        Assert.All(logged.Take(5), l => Assert.Equal(members, l.GetProperties()["MemberCount"]));
        Assert.EndsWith(abandoned, logged[5].ToString());
        Assert.Equal(members, logged[5].GetProperties()["AbandonedCount"]);
    }

    /// <summary>A plan on the test's system, whose lines go to the returned queue, as <see cref="RunGroupLogging.UseLoggers"/> sends them.</summary>
    private (RunPlan Plan, ConcurrentQueue<(LogLevel Level, RunGroupLogMessage Line)> Lines) PlanLoggingTo(string group)
    {
        var lines = new ConcurrentQueue<(LogLevel, RunGroupLogMessage)>();
        RunGroupLogging.UseLoggers(Sys, _ => new Collecting(lines));
        var plan = new RunPlan(group, [], RunGroupSettings.Create(Sys), Sys, null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), nested: false);
        return (plan, lines);
    }

    private sealed class Collecting(ConcurrentQueue<(LogLevel, RunGroupLogMessage)> lines) : LoggingAdapterBase(SemanticLogMessageFormatter.Instance)
    {
        public override bool IsDebugEnabled => true;

        public override bool IsInfoEnabled => true;

        public override bool IsWarningEnabled => true;

        public override bool IsErrorEnabled => true;

        protected override void NotifyLog(LogLevel logLevel, object message, Exception? cause = null) =>
            lines.Enqueue((logLevel, Assert.IsType<RunGroupLogMessage>(message)));
    }
}
