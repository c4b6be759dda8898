using Akka.Event;
using AkkaRunGroup.Internal;
using Xunit.Abstractions;

namespace AkkaRunGroup.Tests.Internal;

/// <summary>
/// How a GroupSupervisor's run ends: complete, at the interrupt timeout, or orphaned by an early stop; and what it
/// logs and publishes on the way. The test plays every member through <see cref="ProbeMember"/>.
/// </summary>
public sealed class GroupSupervisorEndingsTests(ITestOutputHelper output) : RunGroupTestKit(output)
{
    [Fact]
    public async Task The_interrupt_timeout_abandons_the_members_not_done_warns_and_stops_the_supervisor()
    {
        var run = new SupervisedRun(this, "a", "c").Start(interruptTimeout: TimeSpan.FromMilliseconds(300));
        RunResult? result = null;

        await EventFilter.Warning(contains: "completing without 1 member still running: 'c'").ExpectOneAsync(async () =>
        {
            run.Exit("a", new Exception("first"));
            run.ExpectInterrupted("a");
            run.ExpectInterrupted("c");
            result = await run.CompletedAsync();
        });

        Assert.False(result!.Members[0].Abandoned);
        Assert.True(result.Members[1].Abandoned);
        Assert.True(result.Members[1].Interrupted);
    }

    [Fact]
    public async Task A_supervisor_stopped_from_outside_orphans_every_member_and_its_run_completes_through_an_OrphanedRun()
    {
        var run = new SupervisedRun(this, "a", "b").Start();

        run.Supervisor.Tell(PoisonPill.Instance);
        var orphanedA = run.Reports.ExpectMsg<WasOrphaned>(o => o.Member == "a" && o.Interrupt, Bound);
        var error = Assert.IsType<ActorSystemTerminatedException>(orphanedA.Error);
        Assert.Contains("stopped from outside", error.Message);
        run.Reports.ExpectMsg(new WasOrphaned("b", error, true), Bound);
        run.Reports.ExpectMsg(new WatchedFinish("a", true), Bound);
        run.Reports.ExpectMsg(new WatchedFinish("b", true), Bound);
        run.Reports.ExpectMsg<EndedAfterOrphaned>(e => e.Member == "a", Bound);
        run.Reports.ExpectMsg<EndedAfterOrphaned>(e => e.Member == "b", Bound);
        var result = await run.CompletedAsync();

        Assert.Same(error, result.Error);
        Assert.Null(result.FirstExited);
        Assert.Empty(result.Abandoned);
        Assert.All(run.Members, m => Assert.Empty(m.Interrupts));
    }

    [Fact]
    public async Task An_OrphanedRun_waits_for_the_member_the_stopped_supervisor_had_interrupted_but_not_seen_stop()
    {
        var run = new SupervisedRun(this, "a", "b");
        run["b"].InterruptReturnsAtOnce = false;
        run["b"].HoldFinish();
        run.Start();
        var first = new Exception("first");

        run.Exit("a", first);
        run.ExpectInterrupted("a");
        run.ExpectInterrupted("b");
        run.Supervisor.Tell(PoisonPill.Instance);
        // a is done: it is neither orphaned nor waited for; b is orphaned without a second interrupt.
        run.Reports.ExpectMsg(new WasOrphaned("b", first, false), Bound);
        run.Reports.ExpectMsg(new WatchedFinish("b", false), Bound);
        Assert.False(run.Plan.Completion.Task.IsCompleted);
        run["b"].Finish();
        run.Reports.ExpectMsg(new WatchedFinish("b", true), Bound);
        run.Reports.ExpectMsg<EndedAfterOrphaned>(e => e.Member == "b", Bound);
        var result = await run.CompletedAsync();

        Assert.Same(first, result.Error);
        Assert.Equal("a", result.FirstExited);
        Assert.Empty(result.Abandoned);
        Assert.All(run.Members, m => Assert.Single(m.Interrupts));
    }

    [Fact]
    public async Task An_interrupt_that_returned_with_an_error_is_the_members_InterruptError_and_is_logged_as_a_warning()
    {
        var run = new SupervisedRun(this, "a", "b");
        run["a"].InterruptReturnsAtOnce = false;
        run.Start();
        var thrown = new InvalidOperationException("interrupt threw");

        run.Exit("b", new Exception("first"));
        run.ExpectInterrupted("a");
        run.ExpectInterrupted("b");
        await EventFilter.Warning(contains: "the interrupt of member 'a' threw").ExpectOneAsync(async () =>
        {
            run.Supervisor.Tell(new InterruptReturned(0, thrown));
            await run.AssertStillRunningAsync();
        });
        run.Exit("a");
        var result = await run.CompletedAsync();

        Assert.Same(thrown, result.Members[0].InterruptError);
        Assert.Null(result.Members[1].InterruptError);
    }

    [Fact]
    public async Task The_first_exit_is_published_before_the_interrupt_then_the_other_exits_then_the_completion()
    {
        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events.Ref, typeof(RunGroupEvent));
        var run = new SupervisedRun(this, "a", "b").Start();
        var first = new Exception("first");

        run.Exit("b", first);
        run.ExpectInterrupted("a");
        run.ExpectInterrupted("b");
        run.Exit("a");
        var result = await run.CompletedAsync();

        var firstExit = events.ExpectMsg<MemberExited>(Bound);
        Assert.Equal("b", firstExit.Member);
        Assert.Same(first, firstExit.Error);
        Assert.Equal(new GroupInterrupted("probed", "b", first), events.ExpectMsg<GroupInterrupted>(Bound));
        Assert.Equal("a", events.ExpectMsg<MemberExited>(Bound).Member);
        Assert.Same(result, events.ExpectMsg<GroupCompleted>(Bound).Result);
    }

    [Fact]
    public async Task An_outside_interrupt_is_published_before_every_exit_then_the_completion()
    {
        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events.Ref, typeof(RunGroupEvent));
        var run = new SupervisedRun(this, "a", "b").Start();
        var stop = new Exception("stop");

        run.Supervisor.Tell(new InterruptGroup(stop));
        run.ExpectInterrupted("a");
        run.ExpectInterrupted("b");
        run.Exit("b");
        run.Exit("a");
        var result = await run.CompletedAsync();

        Assert.Equal(new GroupInterrupted("probed", null, stop), events.ExpectMsg<GroupInterrupted>(Bound));
        Assert.Equal(["b", "a"], new[] { events.ExpectMsg<MemberExited>(Bound).Member, events.ExpectMsg<MemberExited>(Bound).Member });
        Assert.Same(result, events.ExpectMsg<GroupCompleted>(Bound).Result);
    }

    /// <summary>
    /// With every member unable to start, the reverse order has no turn to give, and completes before the failed
    /// members are counted as done: it then takes the way of an elapsed timeout and warns that it completes "without 0
    /// members still running", though no timeout elapsed and nothing was abandoned.
    /// </summary>
    [Fact]
    public async Task In_reverse_order_a_run_whose_members_all_failed_to_start_completes_without_an_abandonment_warning()
    {
        var warnings = CreateTestProbe();
        Sys.EventStream.Subscribe(warnings.Ref, typeof(Warning));
        var run = new SupervisedRun(this, "a");
        var boom = new InvalidOperationException("cannot start");
        run["a"].StartError = boom;
        run.Start(InterruptOrder.Reverse);

        var result = await run.CompletedAsync();

        Assert.Same(boom, result.Error);
        Assert.Empty(result.Abandoned);
        warnings.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }
}
