using AkkaRunGroup.Internal;

namespace AkkaRunGroup.Tests.Internal;

/// <summary>The one piece of a member's state that crosses threads, driven by hand and raced.</summary>
public sealed class ExecutionGateTests
{
    [Fact]
    public void An_interrupt_requested_before_the_execute_started_is_dispatched_when_it_starts()
    {
        var gate = new ExecutionGate();

        Assert.Equal(InterruptRequest.Wait, gate.RequestInterrupt(new Exception("early")));
        Assert.True(gate.ExecuteStarting());
        Assert.Equal("early", gate.InterruptCause!.Message);
    }

    [Fact]
    public void An_interrupt_requested_after_the_execute_started_is_dispatched_at_once()
    {
        var gate = new ExecutionGate();

        Assert.False(gate.ExecuteStarting());
        Assert.Equal(InterruptRequest.Dispatch, gate.RequestInterrupt(null));
    }

    [Fact]
    public void A_restarted_incarnation_does_not_dispatch_the_interrupt_again()
    {
        var gate = new ExecutionGate();
        gate.ExecuteStarting();
        Assert.Equal(InterruptRequest.Dispatch, gate.RequestInterrupt(null));

        Assert.False(gate.ExecuteStarting());
    }

    [Fact]
    public void A_member_that_never_started_has_nothing_to_interrupt()
    {
        var gate = new ExecutionGate();

        Assert.False(gate.StartFailed());

        Assert.Equal(InterruptRequest.NothingToInterrupt, gate.RequestInterrupt(null));
    }

    [Fact]
    public void A_start_that_fails_after_the_request_reports_the_interrupt_as_returned()
    {
        var gate = new ExecutionGate();
        gate.RequestInterrupt(null);

        Assert.True(gate.StartFailed());
    }

    [Fact]
    public void The_exit_stops_the_living_actor_and_is_told_to_the_supervisor_once_the_actor_is_gone()
    {
        var living = new ExecutionGate();
        Assert.True(living.Exit(null));

        var gone = new ExecutionGate();
        gone.ActorStopping(out var exited, out var ended);
        Assert.False(exited);
        Assert.False(ended.Pending);
        Assert.False(gone.Exit(null));
    }

    [Fact]
    public void An_ended_incarnation_is_decided_once_by_the_actor_or_by_its_stop()
    {
        var decidedByActor = new ExecutionGate();
        Assert.True(decidedByActor.IncarnationEnded(new Exception("1")));
        Assert.True(decidedByActor.TakeEndedIncarnation(out var error));
        Assert.Equal("1", error!.Message);
        decidedByActor.ActorStopping(out _, out var none);
        Assert.False(none.Pending);

        var decidedByStop = new ExecutionGate();
        Assert.True(decidedByStop.IncarnationEnded(new Exception("2")));
        decidedByStop.ActorStopping(out _, out var pending);
        Assert.True(pending.Pending);
        Assert.Equal("2", pending.Error!.Message);
        Assert.False(decidedByStop.TakeEndedIncarnation(out _));

        var afterStop = new ExecutionGate();
        afterStop.ActorStopping(out _, out _);
        Assert.False(afterStop.IncarnationEnded(null));
    }

    [Fact]
    public void The_exit_records_whether_the_interrupt_came_first()
    {
        var interrupted = new ExecutionGate();
        interrupted.ExecuteStarting();
        interrupted.RequestInterrupt(null);
        interrupted.Exit(new Exception("x"));

        var first = new ExecutionGate();
        first.ExecuteStarting();
        first.Exit(null);
        first.RequestInterrupt(null);

        Assert.True(interrupted.InterruptedBeforeExit);
        Assert.False(first.InterruptedBeforeExit);
        Assert.True(interrupted.HasExited);
        Assert.Equal("x", interrupted.ExitError!.Message);
    }

    [Fact]
    public async Task Racing_start_and_request_dispatch_the_interrupt_exactly_once()
    {
        for (var i = 0; i < 2_000; i++)
        {
            var gate = new ExecutionGate();
            using var go = new Barrier(2);
            var start = Task.Run(() => { go.SignalAndWait(); return gate.ExecuteStarting(); });
            var request = Task.Run(() => { go.SignalAndWait(); return gate.RequestInterrupt(null) == InterruptRequest.Dispatch; });

            var dispatches = (await start.Bounded() ? 1 : 0) + (await request.Bounded() ? 1 : 0);

            Assert.Equal(1, dispatches);
        }
    }

    [Fact]
    public async Task Racing_exit_and_actor_stop_report_the_exit_exactly_once()
    {
        for (var i = 0; i < 2_000; i++)
        {
            var gate = new ExecutionGate();
            using var go = new Barrier(2);
            var exit = Task.Run(() => { go.SignalAndWait(); return gate.Exit(null); });
            var stop = Task.Run(() => { go.SignalAndWait(); gate.ActorStopping(out var exited, out _); return exited; });

            var actorLives = await exit.Bounded();
            var exitedBeforeStop = await stop.Bounded();

            // Either the actor saw the exit before it stopped, or the exit saw the actor gone and tells the supervisor.
            Assert.Equal(actorLives, exitedBeforeStop);
        }
    }

    [Fact]
    public async Task A_finish_watcher_is_set_whichever_comes_first()
    {
        for (var i = 0; i < 2_000; i++)
        {
            var gate = new ExecutionGate();
            gate.ExecuteStarting();
            gate.RequestInterrupt(null);
            using var watcher = new ManualResetEventSlim();
            using var go = new Barrier(2);
            var finish = Task.Run(() => { go.SignalAndWait(); gate.Exit(null); gate.InterruptReturned(null); });
            var watch = Task.Run(() => { go.SignalAndWait(); return gate.WatchFinish(watcher); });

            await finish.Bounded();
            var finishedAlready = await watch.Bounded();

            Assert.True(finishedAlready || watcher.Wait(RunGroupTestKit.Bound));
        }
    }
}
