using Xunit.Abstractions;
using static AkkaRunGroup.Tests.Telemetry.GroupMeasurements;

namespace AkkaRunGroup.Tests.Telemetry;

/// <summary>
/// The observable instruments: at each collection they report what the live runs are now (each group's phase, its
/// members running), so a listener attached at any time reads true values, and a completed run is gone from them.
/// </summary>
public sealed class LiveRunMetricsTests(ITestOutputHelper output) : RunGroupTestKit(output, "akka.loglevel = WARNING")
{
    private const string PhaseTag = "akka.run_group.phase";

    /// <summary>An actor member that reports readiness when told to, and stops when told to.</summary>
    private sealed class ReadyWhenTold : ReceiveActor
    {
        public ReadyWhenTold()
        {
            Receive<string>(m => m == "ready", _ => Context.Parent.Tell(MemberReady.Instance));
            Receive<string>(m => m == "stop", _ => Context.Stop(Self));
        }
    }

    [Fact]
    public async Task A_listener_attached_mid_run_reads_the_members_running_never_below_0_and_back_to_0()
    {
        var name = Unique("running");
        var started = new ManualResetEventSlim();
        var go = new ManualResetEventSlim();
        var release = new ManualResetEventSlim();
        var group = new RunGroup(name)
            // Its exit stops the group; its interrupt holds the run until the test releases it.
            .Add(() => { started.Set(); go.WaitBounded(); return null; }, _ => release.WaitBounded(), "worker")
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "server");

        var run = group.RunAsync(Sys);
        await Task.Run(started.WaitBounded).Bounded();
        await AwaitAssertAsync(() => Assert.Equal(RunGroupPhase.Running, group.State.Phase), Bound);
        using var metrics = new GroupMeasurements(name);

        var whileRunning = Assert.Single(metrics.Observe("akka.run_group.member.running"));
        Assert.Equal((2.0, "{member}", name), (whileRunning.Value, whileRunning.Unit, whileRunning.Group));
        Assert.Equal([GroupTag], whileRunning.Tags.Keys);

        go.Set();
        // Both exits are seen; the worker's interrupt has not returned, so the run is still live.
        await AwaitAssertAsync(() => Assert.Equal(0.0, Assert.Single(metrics.Observe("akka.run_group.member.running")).Value), Bound);
        Assert.Equal(RunGroupPhase.Interrupting, group.State.Phase);

        release.Set();
        await run.Bounded();
        Assert.Empty(metrics.Observe("akka.run_group.member.running"));
        Assert.All(metrics.Of("akka.run_group.member.running"), m => Assert.True(m.Value >= 0, $"member.running read {m.Value}"));
    }

    [Fact]
    public async Task The_phase_of_each_live_group_reads_1_for_its_phase_and_0_for_the_others_until_its_run_completes()
    {
        var name = Unique("phase");
        using var metrics = new GroupMeasurements(name);
        var release = new ManualResetEventSlim();
        var group = new RunGroup(name)
            .WithDrainDelay(TimeSpan.FromMinutes(10))
            .AddActor(Props.Create(() => new ReadyWhenTold()), "ready-when-told", interruptMessage: null, reportsReady: true)
            .Add(token => Task.Delay(Timeout.Infinite, token), _ => release.WaitBounded(), "held");

        var run = group.RunAsync(Sys);
        await AwaitAssertAsync(() => Assert.Equal("starting", CurrentPhase(metrics)), Bound);
        var actor = await Sys.ActorSelection($"/user/{name}/ready-when-told").ResolveOne(Bound);

        actor.Tell("ready");
        await AwaitAssertAsync(() => Assert.Equal("running", CurrentPhase(metrics)), Bound);

        group.Interrupt();
        await AwaitAssertAsync(() => Assert.Equal("draining", CurrentPhase(metrics)), Bound);

        // A member's exit ends the drain; the held member's interrupt keeps the run Interrupting.
        actor.Tell("stop");
        await AwaitAssertAsync(() => Assert.Equal("interrupting", CurrentPhase(metrics)), Bound);

        release.Set();
        await run.Bounded();
        Assert.Empty(metrics.Observe("akka.run_group.phase"));
    }

    [Fact]
    public async Task A_nested_group_is_a_live_run_of_its_own_under_its_own_name()
    {
        var outerName = Unique("outer");
        var innerName = Unique("inner");
        using var metrics = new GroupMeasurements(outerName, innerName);
        var started = BoundedWaits.NewTcs<bool>();
        var inner = new RunGroup(innerName).Add(async token => { started.TrySetResult(true); await Task.Delay(Timeout.Infinite, token); }, name: "leaf");
        var outer = new RunGroup(outerName).Add(inner).Add(token => Task.Delay(Timeout.Infinite, token), name: "sibling");
        using var cts = new CancellationTokenSource();

        var run = outer.RunAsync(Sys, cts.Token);
        await started.Task.Bounded();
        await AwaitAssertAsync(() => Assert.Equal(RunGroupPhase.Running, outer.State.Phase), Bound);

        var running = metrics.Observe("akka.run_group.member.running");
        Assert.Equal([(innerName, 1.0), (outerName, 2.0)], running.Select(m => (m.Group!, m.Value)).Order());
        cts.Cancel();
        await run.Bounded();
        Assert.Empty(metrics.Observe("akka.run_group.member.running"));
    }

    /// <summary>The one phase the group's series read 1 for; each live phase is reported, every other 0.</summary>
    private static string CurrentPhase(GroupMeasurements metrics)
    {
        var phases = metrics.Observe("akka.run_group.phase");
        Assert.Equal(["completed", "draining", "interrupting", "running", "starting"], phases.Select(p => (string)p[PhaseTag]!).Order());
        Assert.All(phases, p => Assert.Equal(("{run}", 2), (p.Unit, p.Tags.Count)));
        Assert.Equal(1.0, phases.Sum(p => p.Value));
        return (string)Assert.Single(phases, p => p.Value == 1.0)[PhaseTag]!;
    }

    private static string Unique(string what) => $"live-{what}-{Guid.NewGuid():N}";
}
