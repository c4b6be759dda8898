using System.Diagnostics;
using Xunit.Abstractions;
using static AkkaRunGroup.Tests.Telemetry.GroupMeasurements;

namespace AkkaRunGroup.Tests.Telemetry;

/// <summary>
/// The shutdown activity of the source <c>AkkaRunGroup</c>: one per run, from the stop decision to the completion,
/// stopped before the run's task completes.
/// </summary>
public sealed class TracingTests(ITestOutputHelper output) : RunGroupTestKit(output, "akka.loglevel = WARNING")
{
    [Fact]
    public async Task A_run_traces_one_shutdown_activity_with_its_first_exit_as_an_event()
    {
        var name = Unique("first-exit");
        using var activities = new ShutdownActivities(name);
        var group = new RunGroup(name)
            .Add(() => throw new InvalidOperationException("a secret message"), _ => { }, "broken")
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "waits");

        await group.RunAsync(Sys).Bounded();

        var shutdown = activities.Of(name);
        Assert.Equal(("akka.run_group.shutdown", $"shutdown {name}", ActivityKind.Internal), (shutdown.OperationName, shutdown.DisplayName, shutdown.Kind));
        Assert.Equal(default, shutdown.ParentSpanId);
        Assert.True(shutdown.IsStopped);
        Assert.Equal("failed", shutdown.GetTagItem(OutcomeTag));
        Assert.Equal("System.InvalidOperationException", shutdown.GetTagItem(ErrorTypeTag));
        Assert.Equal(ActivityStatusCode.Error, shutdown.Status);
        var firstExit = Assert.Single(shutdown.Events);
        Assert.Equal("akka.run_group.first_exit", firstExit.Name);
        Assert.Equal(
            [new(MemberTag, "broken"), new(ErrorTypeTag, "System.InvalidOperationException")],
            firstExit.Tags.OrderByDescending(t => t.Key == MemberTag));
        Assert.DoesNotContain(shutdown.TagObjects.Concat(firstExit.Tags), t => t.Value is string s && s.Contains("secret"));
    }

    [Fact]
    public async Task The_shutdown_activity_is_a_child_of_the_activity_current_where_RunAsync_was_called()
    {
        var name = Unique("parent");
        using var activities = new ShutdownActivities(name);
        var group = new RunGroup(name).Add(() => null, _ => { }, "returns");

        Task<RunResult> run;
        Activity caller;
        using (caller = ShutdownActivities.Caller.StartActivity("caller")!)
        {
            run = group.RunAsync(Sys);
        }

        await run.Bounded();

        var shutdown = activities.Of(name);
        Assert.Equal((caller.TraceId, caller.SpanId), (shutdown.TraceId, shutdown.ParentSpanId));
        Assert.Equal("clean", shutdown.GetTagItem(OutcomeTag));
        Assert.Null(shutdown.GetTagItem(ErrorTypeTag));
        Assert.Equal(ActivityStatusCode.Unset, shutdown.Status);
    }

    [Fact]
    public async Task A_stop_from_outside_traces_a_shutdown_with_no_first_exit_and_never_leaves_it_current_on_other_threads()
    {
        var name = Unique("outside");
        using var activities = new ShutdownActivities(name);
        var running = BoundedWaits.NewTcs<bool>();
        var seenByTheFactory = BoundedWaits.NewTcs<Activity?>();
        var seenByTheInterrupt = BoundedWaits.NewTcs<Activity?>();
        var group = new RunGroup(name)
            // Its interrupt-message factory runs on the GroupSupervisor's thread, right after the stop decision.
            .AddActor(Props.Create(() => new TestActors.Obedient()), "actor", _ =>
            {
                seenByTheFactory.TrySetResult(Activity.Current);
                return "stop";
            })
            .Add(
                async token =>
                {
                    running.TrySetResult(true);
                    await Task.Delay(Timeout.Infinite, token);
                },
                _ => seenByTheInterrupt.TrySetResult(Activity.Current),
                "serves");
        using var cts = new CancellationTokenSource();

        var run = group.RunAsync(Sys, cts.Token);
        await running.Task.Bounded();
        cts.Cancel();
        await run.Bounded();

        var shutdown = activities.Of(name);
        Assert.Empty(shutdown.Events);
        Assert.Equal(("stopped", "System.OperationCanceledException"), (shutdown.GetTagItem(OutcomeTag), shutdown.GetTagItem(ErrorTypeTag)));
        Assert.Equal(ActivityStatusCode.Unset, shutdown.Status);
        Assert.Null(await seenByTheFactory.Task.Bounded());
        Assert.Null(await seenByTheInterrupt.Task.Bounded());
        Assert.Null(Activity.Current);
    }

    [Fact]
    public async Task Each_abandoned_member_is_an_event_of_the_shutdown_activity()
    {
        var name = Unique("abandoned");
        using var activities = new ShutdownActivities(name);
        var release = new ManualResetEventSlim();
        var group = new RunGroup(name)
            .WithInterruptTimeout(TimeSpan.FromMilliseconds(100))
            .Add(() => new Exception("first"), _ => { }, "first")
            .Add(() => { release.WaitBounded(); return null; }, _ => { }, "deaf");

        await group.RunAsync(Sys).Bounded();
        release.Set();

        var events = activities.Of(name).Events.ToList();
        Assert.Equal(["akka.run_group.first_exit", "akka.run_group.member.abandoned"], events.Select(e => e.Name));
        Assert.Equal([new(MemberTag, "deaf")], events[1].Tags);
    }

    [Fact]
    public async Task A_nested_group_traces_its_own_shutdown_under_the_same_caller()
    {
        var outerName = Unique("outer");
        var innerName = Unique("inner");
        using var activities = new ShutdownActivities(outerName, innerName);
        var inner = new RunGroup(innerName).Add(token => Task.Delay(Timeout.Infinite, token), name: "leaf");
        var outer = new RunGroup(outerName).Add(inner).Add(() => null, _ => { }, "returns");

        Task<RunResult> run;
        Activity caller;
        using (caller = ShutdownActivities.Caller.StartActivity("caller")!)
        {
            run = outer.RunAsync(Sys);
        }

        await run.Bounded();

        Assert.Equal(caller.SpanId, activities.Of(outerName).ParentSpanId);
        Assert.Equal(caller.SpanId, activities.Of(innerName).ParentSpanId);
        Assert.Empty(activities.Of(innerName).Events);
    }

    private static string Unique(string what) => $"tracing-{what}-{Guid.NewGuid():N}";
}
