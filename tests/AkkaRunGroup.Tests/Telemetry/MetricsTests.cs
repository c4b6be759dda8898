using Xunit.Abstractions;
using static AkkaRunGroup.Tests.Telemetry.GroupMeasurements;

namespace AkkaRunGroup.Tests.Telemetry;

/// <summary>
/// The instruments of the meter <c>AkkaRunGroup</c>: what each run records, with which value, unit and tags. A run
/// records everything before its task completes, so each test reads the measurements once it has awaited the run.
/// </summary>
public sealed class MetricsTests(ITestOutputHelper output) : RunGroupTestKit(output, "akka.loglevel = WARNING")
{
    [Fact]
    public async Task A_clean_run_counts_its_start_its_completion_each_exit_and_both_durations()
    {
        var name = Unique("clean");
        using var metrics = new GroupMeasurements(name);
        var group = new RunGroup(name)
            .Add(() => null, _ => { }, "returns")
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "waits");

        var result = await group.RunAsync(Sys).Bounded();

        var started = metrics.Single("akka.run_group.run.started", name);
        Assert.Equal((1.0, "{run}"), (started.Value, started.Unit));
        Assert.Equal([GroupTag], started.Tags.Keys);
        var completed = metrics.Single("akka.run_group.run.completed", name);
        Assert.Equal((1.0, "{run}", "clean"), (completed.Value, completed.Unit, completed[OutcomeTag]));
        Assert.DoesNotContain(ErrorTypeTag, completed.Tags.Keys);
        var duration = metrics.Single("akka.run_group.run.duration", name);
        Assert.Equal((result.Elapsed.TotalSeconds, "s", "clean"), (duration.Value, duration.Unit, duration[OutcomeTag]));
        var shutdown = metrics.Single("akka.run_group.shutdown.duration", name);
        Assert.Equal(("s", "clean"), (shutdown.Unit, shutdown[OutcomeTag]));
        Assert.True(shutdown.Value >= 0);

        var exits = metrics.Of("akka.run_group.member.exits");
        Assert.Equal(["returns", "waits"], exits.Select(e => (string)e[MemberTag]!).Order());
        Assert.All(exits, e => Assert.Equal((1.0, "{exit}", name), (e.Value, e.Unit, e.Group)));
        Assert.Equal(new string?[] { null, "System.Threading.Tasks.TaskCanceledException" }, ErrorTypes(exits));
        // A completed run is no longer live: the observable instruments report nothing of it.
        Assert.Empty(metrics.Observe("akka.run_group.member.running"));
        Assert.Empty(metrics.Observe("akka.run_group.phase"));
        Assert.DoesNotContain("akka.run_group.member.restarts", metrics.InstrumentsOf(name));
        Assert.DoesNotContain("akka.run_group.member.abandoned", metrics.InstrumentsOf(name));
    }

    [Fact]
    public async Task A_failing_member_counts_an_exit_tagged_with_its_error_type()
    {
        var name = Unique("failing");
        using var metrics = new GroupMeasurements(name);
        var group = new RunGroup(name)
            .Add(() => throw new InvalidOperationException("a secret message"), _ => { }, "broken")
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "waits");

        await group.RunAsync(Sys).Bounded();

        var broken = Assert.Single(metrics.Of("akka.run_group.member.exits"), e => (string?)e[MemberTag] == "broken");
        Assert.Equal("System.InvalidOperationException", broken[ErrorTypeTag]);
        var completed = metrics.Single("akka.run_group.run.completed", name);
        Assert.Equal(("failed", "System.InvalidOperationException"), (completed[OutcomeTag], completed[ErrorTypeTag]));
        var shutdown = metrics.Single("akka.run_group.shutdown.duration", name);
        Assert.Equal(("failed", "System.InvalidOperationException"), (shutdown[OutcomeTag], shutdown[ErrorTypeTag]));
        Assert.DoesNotContain(metrics.Of("akka.run_group.member.exits").Concat(metrics.Of("akka.run_group.run.completed")),
            m => m.Tags.Values.OfType<string>().Any(v => v.Contains("secret")));
    }

    [Fact]
    public async Task A_restarted_member_counts_each_restart_tagged_with_the_error_that_ended_its_incarnation()
    {
        var name = Unique("restarts");
        using var metrics = new GroupMeasurements(name);
        var runs = 0;
        var thirdRun = BoundedWaits.NewTcs<bool>();
        var group = new RunGroup(name).Add(
            async token =>
            {
                if (Interlocked.Increment(ref runs) < 3)
                {
                    throw new TimeoutException("not yet");
                }

                thirdRun.TrySetResult(true);
                await Task.Delay(Timeout.Infinite, token);
            },
            null,
            "flaky",
            RestartPolicy.OnFailure(maxRestarts: 3, minBackoff: TimeSpan.FromMilliseconds(10), maxBackoff: TimeSpan.FromMilliseconds(50)));
        using var cts = new CancellationTokenSource();

        var run = group.RunAsync(Sys, cts.Token);
        await thirdRun.Task.Bounded();
        cts.Cancel();
        await run.Bounded();

        var restarts = metrics.Of("akka.run_group.member.restarts");
        Assert.Equal(2, restarts.Count);
        Assert.All(restarts, r => Assert.Equal(
            (1.0, "{restart}", name, "flaky", "System.TimeoutException"), (r.Value, r.Unit, r.Group, r[MemberTag], r[ErrorTypeTag])));
        Assert.Single(metrics.Of("akka.run_group.member.exits"));
        Assert.Empty(metrics.Observe("akka.run_group.member.running"));
    }

    [Fact]
    public async Task Members_abandoned_at_the_interrupt_timeout_are_counted_and_leave_the_running_members_once()
    {
        var name = Unique("abandoned");
        using var metrics = new GroupMeasurements(name);
        var release = new ManualResetEventSlim();
        var group = new RunGroup(name)
            .WithInterruptTimeout(TimeSpan.FromMilliseconds(100))
            // Its exit is seen at once; its interrupt never returns.
            .Add(() => new Exception("first"), _ => release.WaitBounded(), "exited-first")
            // Its execute ignores the interrupt.
            .Add(() => { release.WaitBounded(); return null; }, _ => { }, "deaf");

        var result = await group.RunAsync(Sys).Bounded();
        release.Set();

        Assert.Equal(["exited-first", "deaf"], result.Abandoned.Select(m => m.Name));
        var abandoned = metrics.Of("akka.run_group.member.abandoned");
        Assert.Equal(["deaf", "exited-first"], abandoned.Select(a => (string)a[MemberTag]!).Order());
        Assert.All(abandoned, a => Assert.Equal((1.0, "{member}", name), (a.Value, a.Unit, a.Group)));
        Assert.Equal("exited-first", Assert.Single(metrics.Of("akka.run_group.member.exits"))[MemberTag]);
        Assert.Empty(metrics.Observe("akka.run_group.member.running"));
    }

    [Fact]
    public async Task A_nested_group_records_its_own_run_under_its_own_name()
    {
        var outerName = Unique("outer");
        var innerName = Unique("inner");
        using var metrics = new GroupMeasurements(outerName, innerName);
        var inner = new RunGroup(innerName).Add(() => new ArgumentException("inner"), _ => { }, "leaf");
        var outer = new RunGroup(outerName).Add(inner).Add(token => Task.Delay(Timeout.Infinite, token), name: "sibling");

        await outer.RunAsync(Sys).Bounded();

        Assert.Equal([innerName, outerName], metrics.Of("akka.run_group.run.started").Select(s => s.Group!).Order());
        var innerRun = metrics.Single("akka.run_group.run.completed", innerName);
        Assert.Equal(("failed", "System.ArgumentException"), (innerRun[OutcomeTag], innerRun[ErrorTypeTag]));
        var leaf = Assert.Single(metrics.Of("akka.run_group.member.exits"), e => e.Group == innerName);
        Assert.Equal("leaf", leaf[MemberTag]);
        var member = Assert.Single(metrics.Of("akka.run_group.member.exits"), e => (string?)e[MemberTag] == innerName);
        Assert.Equal((outerName, "System.ArgumentException"), (member.Group, member[ErrorTypeTag]));
        Assert.Single(metrics.Of("akka.run_group.shutdown.duration"), s => s.Group == innerName);
        Assert.Single(metrics.Of("akka.run_group.shutdown.duration"), s => s.Group == outerName);
    }

    [Fact]
    public async Task A_stop_from_outside_counts_a_stopped_run_and_its_shutdown()
    {
        var name = Unique("outside");
        using var metrics = new GroupMeasurements(name);
        var running = BoundedWaits.NewTcs<bool>();
        var group = new RunGroup(name).Add(
            async token =>
            {
                running.TrySetResult(true);
                await Task.Delay(Timeout.Infinite, token);
            },
            name: "serves");
        using var cts = new CancellationTokenSource();

        var run = group.RunAsync(Sys, cts.Token);
        await running.Task.Bounded();
        cts.Cancel();
        await run.Bounded();

        foreach (var instrument in new[] { "akka.run_group.run.completed", "akka.run_group.run.duration", "akka.run_group.shutdown.duration" })
        {
            var measurement = metrics.Single(instrument, name);
            Assert.Equal(("stopped", "System.OperationCanceledException"), (measurement[OutcomeTag], measurement[ErrorTypeTag]));
        }
    }

    [Fact]
    public async Task A_run_whose_GroupSupervisor_is_stopped_from_outside_still_records_its_exits_and_its_end()
    {
        var name = Unique("orphaned");
        using var metrics = new GroupMeasurements(name);
        var started = BoundedWaits.NewTcs<bool>();
        var group = new RunGroup(name)
            .Add(async token => { started.TrySetResult(true); await Task.Delay(Timeout.Infinite, token); }, name: "serves");

        var run = group.RunAsync(Sys);
        await started.Task.Bounded();
        (await Sys.ActorSelection($"/user/{name}").ResolveOne(Bound)).Tell(Kill.Instance);
        await run.Bounded();

        Assert.Equal("serves", Assert.Single(metrics.Of("akka.run_group.member.exits"))[MemberTag]);
        Assert.Empty(metrics.Observe("akka.run_group.member.running"));
        var completed = metrics.Single("akka.run_group.run.completed", name);
        Assert.Equal(("failed", "AkkaRunGroup.ActorSystemTerminatedException"), (completed[OutcomeTag], completed[ErrorTypeTag]));
        metrics.Single("akka.run_group.shutdown.duration", name);
    }

    [Fact]
    public async Task A_member_an_orphaned_run_abandons_is_counted_as_abandoned()
    {
        var name = Unique("orphan-abandons");
        using var metrics = new GroupMeasurements(name);
        var started = new ManualResetEventSlim();
        var release = new ManualResetEventSlim();
        var group = new RunGroup(name)
            .WithInterruptTimeout(TimeSpan.FromMilliseconds(100))
            .Add(() => { started.Set(); release.WaitBounded(); return null; }, _ => { }, "deaf");

        var run = group.RunAsync(Sys);
        await Task.Run(started.WaitBounded).Bounded();
        (await Sys.ActorSelection($"/user/{name}").ResolveOne(Bound)).Tell(Kill.Instance);
        var result = await run.Bounded();
        release.Set();

        Assert.True(result.Members[0].Abandoned);
        Assert.Equal("deaf", Assert.Single(metrics.Of("akka.run_group.member.abandoned"))[MemberTag]);
        Assert.Empty(metrics.Of("akka.run_group.member.exits"));
        Assert.Empty(metrics.Observe("akka.run_group.member.running"));
    }

    [Fact]
    public async Task An_empty_group_counts_a_clean_run()
    {
        var name = Unique("empty");
        using var metrics = new GroupMeasurements(name);

        await new RunGroup(name).RunAsync(Sys).Bounded();

        Assert.Equal(1.0, metrics.Single("akka.run_group.run.started", name).Value);
        Assert.Equal("clean", metrics.Single("akka.run_group.run.completed", name)[OutcomeTag]);
        Assert.Equal(0.0, metrics.Single("akka.run_group.run.duration", name).Value);
    }

    private static string Unique(string what) => $"telemetry-{what}-{Guid.NewGuid():N}";

    private static string?[] ErrorTypes(IEnumerable<Measurement> measurements) =>
        [.. measurements.Select(m => m[ErrorTypeTag] as string).Order()];
}
