using AkkaRunGroup.Internal;
using Xunit.Abstractions;

namespace AkkaRunGroup.Tests.Internal;

/// <summary>
/// The GroupSupervisor's phases, Running to Interrupting to Completed, and the turns of the reverse order, driven by
/// hand: the test plays every member through <see cref="ProbeMember"/>.
/// </summary>
public sealed class GroupSupervisorTests(ITestOutputHelper output) : RunGroupTestKit(output)
{
    [Fact]
    public async Task The_first_terminated_member_decides_the_error_and_every_member_is_interrupted_once_with_it()
    {
        var run = new SupervisedRun(this, "a", "b", "c").Start();
        var first = new Exception("first");
        var later = new Exception("later");

        run.Exit("b", first);
        foreach (var name in new[] { "a", "b", "c" })
        {
            var interrupted = run.ExpectInterrupted(name);
            Assert.Same(first, interrupted.Error);
            Assert.Equal(name == "b", interrupted.ActorStopped);
            Assert.Equal(run.Supervisor, interrupted.By);
        }

        run.Exit("c", later);
        run.Exit("a");
        var result = await run.CompletedAsync();

        Assert.Same(first, result.Error);
        Assert.Equal("b", result.FirstExited);
        Assert.Same(first, run.Plan.Completion.DecidedError);
        Assert.Same(later, result.Members[2].Error);
        Assert.All(run.Members, m => Assert.Same(first, Assert.Single(m.Interrupts)));
        Assert.Equal([true, false, true], result.Members.Select(m => m.Interrupted));
        Assert.Empty(result.Abandoned);
    }

    [Fact]
    public async Task An_InterruptGroup_before_any_exit_decides_the_error_with_no_first_exited_and_nothing_later_changes_it()
    {
        var run = new SupervisedRun(this, "a", "b").Start();
        var stop = new Exception("stop");

        run.Supervisor.Tell(new InterruptGroup(stop));
        Assert.Same(stop, run.ExpectInterrupted("a").Error);
        Assert.Same(stop, run.ExpectInterrupted("b").Error);
        run.Supervisor.Tell(new InterruptGroup(new Exception("second")));
        await run.AssertStillRunningAsync();
        run.Exit("a", new Exception("exit"));
        run.Exit("b");
        var result = await run.CompletedAsync();

        Assert.Same(stop, result.Error);
        Assert.Null(result.FirstExited);
        Assert.All(run.Members, m => Assert.Same(stop, Assert.Single(m.Interrupts)));
    }

    [Fact]
    public async Task A_failed_member_actor_exits_with_its_failure()
    {
        var run = new SupervisedRun(this, "a", "b").Start();
        var boom = new InvalidOperationException("boom");

        run["a"].Actor.Tell(boom);
        Assert.Same(boom, run.Reports.ExpectMsg<SawExit>(Bound).Failure);
        run.ExpectInterrupted("a");
        run.ExpectInterrupted("b");
        run.Exit("b");
        var result = await run.CompletedAsync();

        Assert.Same(boom, result.Error);
        Assert.Equal("a", result.FirstExited);
    }

    [Fact]
    public async Task A_member_that_cannot_start_exits_first_with_its_error_and_has_nothing_to_interrupt()
    {
        var run = new SupervisedRun(this, "a", "b");
        var boom = new InvalidOperationException("cannot start");
        run["b"].StartError = boom;
        run.Start();

        Assert.Same(boom, run.ExpectInterrupted("a").Error);
        run.Exit("a");
        var result = await run.CompletedAsync();

        Assert.Same(boom, result.Error);
        Assert.Equal("b", result.FirstExited);
        Assert.False(result.Members[1].Started);
        Assert.Empty(run["b"].Interrupts);
    }

    [Fact]
    public async Task The_run_does_not_complete_while_a_members_interrupt_has_not_returned()
    {
        var run = new SupervisedRun(this, "a", "b");
        run["a"].InterruptReturnsAtOnce = false;
        run.Start();

        run.Exit("b", new Exception("first"));
        run.ExpectInterrupted("a");
        run.ExpectInterrupted("b");
        run.Exit("a");
        await run.AssertStillRunningAsync();
        run.Supervisor.Tell(new InterruptReturned(0, null));
        var result = await run.CompletedAsync();

        Assert.Null(result.Members[0].InterruptError);
        Assert.Empty(result.Abandoned);
    }

    [Fact]
    public async Task The_run_does_not_complete_while_an_execute_that_outlived_its_actor_has_not_returned()
    {
        var run = new SupervisedRun(this, "a", "b");
        run["a"].ExecuteStillRunning = true;
        run.Start();

        run.Exit("a", new Exception("first"));
        run.ExpectInterrupted("a");
        run.ExpectInterrupted("b");
        run.Exit("b");
        await run.AssertStillRunningAsync();
        run.Supervisor.Tell(new ExecuteReturned(0));
        var result = await run.CompletedAsync();

        Assert.Equal("a", result.FirstExited);
        Assert.Empty(result.Abandoned);
    }

    [Fact]
    public async Task Reverse_order_interrupts_the_last_added_member_first_and_the_next_only_once_the_previous_is_done()
    {
        var run = new SupervisedRun(this, "m0", "m1", "m2");
        run["m2"].InterruptReturnsAtOnce = false;
        run.Start(InterruptOrder.Reverse);
        var stop = new Exception("stop");

        run.Supervisor.Tell(new InterruptGroup(stop));
        run.ExpectInterrupted("m2");
        await run.AssertStillRunningAsync();
        // m2's actor has stopped, its interrupt has not returned: still m2's turn.
        run.Exit("m2");
        await run.AssertStillRunningAsync();
        run.Supervisor.Tell(new InterruptReturned(2, null));
        run.ExpectInterrupted("m1");
        // m1's interrupt has returned, its actor has not stopped: still m1's turn.
        await run.AssertStillRunningAsync();
        run.Exit("m1");
        run.ExpectInterrupted("m0");
        run.Exit("m0");
        var result = await run.CompletedAsync();

        Assert.Same(stop, result.Error);
        Assert.All(result.Members, m => Assert.True(m.Interrupted, m.ToString()));
        Assert.All(run.Members, m => Assert.Same(stop, Assert.Single(m.Interrupts)));
    }

    [Fact]
    public async Task In_reverse_order_a_member_that_exited_on_its_own_before_its_turn_is_interrupted_only_at_its_turn()
    {
        var run = new SupervisedRun(this, "m0", "m1");
        run["m1"].InterruptReturnsAtOnce = false;
        run.Start(InterruptOrder.Reverse);

        run.Supervisor.Tell(new InterruptGroup(new Exception("stop")));
        run.ExpectInterrupted("m1");
        run.Exit("m0");
        await run.AssertStillRunningAsync();
        run.Exit("m1");
        run.Supervisor.Tell(new InterruptReturned(1, null));
        Assert.True(run.ExpectInterrupted("m0").ActorStopped);
        var result = await run.CompletedAsync();

        Assert.False(result.Members[0].Interrupted);
        Assert.True(result.Members[1].Interrupted);
    }

    [Fact]
    public async Task In_reverse_order_a_turn_whose_member_outlasts_the_interrupt_timeout_gives_way_to_the_next_member()
    {
        // m0 exits first, so that its turn is done as soon as it comes: nothing but m1's turn waits on a timer.
        var run = new SupervisedRun(this, "m0", "m1").Start(InterruptOrder.Reverse, TimeSpan.FromMilliseconds(300));
        RunResult? result = null;

        await EventFilter.Warning(contains: "member 'm1' did not exit within the interrupt timeout").ExpectOneAsync(async () =>
        {
            run.Exit("m0", new Exception("first"));
            Assert.False(run.ExpectInterrupted("m1").ActorStopped);
            Assert.True(run.ExpectInterrupted("m0").ActorStopped);
            result = await run.CompletedAsync();
        });

        Assert.Equal(["m1"], result!.Abandoned.Select(m => m.Name));
        Assert.True(result.Members[1].Interrupted);
    }
}
