using System.Collections.Concurrent;
using Akka.Configuration;
using Xunit.Abstractions;

namespace AkkaRunGroup.Tests;

/// <summary>The drain: a stop from outside waits out the drain delay before the interrupt; a member's own exit does not.</summary>
public sealed class DrainTests(ITestOutputHelper output) : RunGroupTestKit(output)
{
    /// <summary>Long enough that only something else can end the drain within a test.</summary>
    private static readonly TimeSpan ForAll = TimeSpan.FromDays(1);

    [Fact]
    public async Task An_outside_interrupt_drains_with_every_member_running_then_interrupts_with_its_error()
    {
        var interrupts = new ConcurrentQueue<string>();
        var exit = BoundedWaits.NewTcs<bool>();
        var error = new InvalidOperationException("deploy");
        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events, typeof(RunGroupEvent));
        var group = new RunGroup("drain-outside")
            .WithDrainDelay(ForAll)
            .Add(async token => { await exit.Task.WaitAsync(token); }, _ => interrupts.Enqueue("web"), "web")
            .Add(token => Task.Delay(Timeout.Infinite, token), _ => interrupts.Enqueue("worker"), "worker");

        var run = group.RunAsync(Sys);
        await AwaitAssertAsync(() => Assert.Equal(RunGroupPhase.Running, group.State.Phase), Bound);
        group.Interrupt(error);

        var draining = events.FishForMessage<GroupDraining>(e => e.Group == "drain-outside", Bound);
        Assert.Same(error, draining.Error);
        Assert.Null(draining.FirstExited);
        Assert.Equal(ForAll, draining.Delay);
        Assert.Equal(RunGroupPhase.Draining, group.State.Phase);
        Assert.Same(error, group.State.Error);
        Assert.Empty(interrupts);
        Assert.False(run.IsCompleted);

        // A second stop from outside changes nothing.
        group.Interrupt(new TimeoutException("second"));
        await Task.Yield();
        Assert.Equal(RunGroupPhase.Draining, group.State.Phase);

        // A member's exit during the drain ends it.
        exit.TrySetResult(true);
        var result = await run.Bounded();
        Assert.Same(error, result.Error);
        Assert.Null(result.FirstExited);
        Assert.Equal(["web", "worker"], interrupts.Order());
    }

    [Fact]
    public async Task Waiting_until_interrupting_holds_through_the_drain_and_ends_when_the_interrupt_begins()
    {
        var exit = BoundedWaits.NewTcs<bool>();
        var group = new RunGroup("drain-wait")
            .WithDrainDelay(ForAll)
            .Add(async token => { await exit.Task.WaitAsync(token); }, name: "web")
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "worker");
        Assert.True(group.WaitUntilInterruptingAsync().IsCompletedSuccessfully);

        var run = group.RunAsync(Sys);
        await AwaitAssertAsync(() => Assert.Equal(RunGroupPhase.Running, group.State.Phase), Bound);
        var askedWhileRunning = group.WaitUntilInterruptingAsync();
        group.Interrupt();
        await AwaitAssertAsync(() => Assert.Equal(RunGroupPhase.Draining, group.State.Phase), Bound);
        var askedWhileDraining = group.WaitUntilInterruptingAsync();
        using (var stopWaiting = new CancellationTokenSource())
        {
            var cut = group.WaitUntilInterruptingAsync(stopWaiting.Token);
            await stopWaiting.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cut);
        }

        Assert.False(askedWhileRunning.IsCompleted);
        Assert.False(askedWhileDraining.IsCompleted);
        Assert.Equal(RunGroupPhase.Draining, group.State.Phase);

        // A member's exit ends the drain: the group is interrupted, and every wait ends.
        exit.TrySetResult(true);
        await askedWhileRunning.Bounded();
        await askedWhileDraining.Bounded();
        Assert.True(group.State.Phase >= RunGroupPhase.Interrupting);
        await run.Bounded();
        Assert.True(group.WaitUntilInterruptingAsync().IsCompletedSuccessfully);
    }

    [Fact]
    public async Task The_drain_ends_by_itself_after_its_delay()
    {
        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events, typeof(RunGroupEvent));
        var group = new RunGroup("drain-elapses")
            .WithDrainDelay(TimeSpan.FromMilliseconds(200))
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "web");

        var run = group.RunAsync(Sys);
        await AwaitAssertAsync(() => Assert.Equal(RunGroupPhase.Running, group.State.Phase), Bound);
        group.Interrupt();
        var result = await run.Bounded();

        Assert.Null(result.Error);
        Assert.True(result.Members[0].Interrupted);
        events.FishForMessage<GroupDraining>(e => e.Group == "drain-elapses", Bound);
        events.FishForMessage<GroupInterrupted>(e => e.Group == "drain-elapses", Bound);
    }

    [Fact]
    public async Task A_members_own_exit_does_not_drain()
    {
        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events, typeof(RunGroupEvent));
        var group = new RunGroup("drain-own-exit")
            .WithDrainDelay(ForAll)
            .Add(_ => Task.FromException(new TimeoutException("broke")), name: "db")
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "web");

        var result = await group.RunAsync(Sys).Bounded();

        Assert.Equal("db", result.FirstExited);
        Assert.IsType<TimeoutException>(result.Error);
        var completed = events.FishForMessage<RunGroupEvent>(e => e.Group == "drain-own-exit" && e is GroupDraining or GroupCompleted, Bound);
        Assert.IsType<GroupCompleted>(completed);
    }

    [Fact]
    public async Task A_cancellation_members_exit_is_a_stop_from_outside_and_drains()
    {
        using var stop = new CancellationTokenSource();
        var exit = BoundedWaits.NewTcs<bool>();
        var group = new RunGroup("drain-cancellation")
            .WithDrainDelay(ForAll)
            .AddCancellation(stop.Token, "stopping")
            .Add(async token => { await exit.Task.WaitAsync(token); }, name: "web");

        var run = group.RunAsync(Sys);
        await AwaitAssertAsync(() => Assert.Equal(RunGroupPhase.Running, group.State.Phase), Bound);
        stop.Cancel();
        await AwaitAssertAsync(() => Assert.Equal(RunGroupPhase.Draining, group.State.Phase), Bound);
        Assert.Equal("stopping", group.State.FirstExited);

        exit.TrySetResult(true);
        var result = await run.Bounded();
        Assert.Equal("stopping", result.FirstExited);
        Assert.IsAssignableFrom<OperationCanceledException>(result.Error);
    }

    [Fact]
    public async Task A_nested_group_does_not_drain_its_parent_drains_once()
    {
        var exit = BoundedWaits.NewTcs<bool>();
        var nested = new RunGroup("drain-inner")
            .WithDrainDelay(ForAll)
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "inner-worker");
        var outer = new RunGroup("drain-outer")
            .WithDrainDelay(ForAll)
            .WithInterruptOrder(InterruptOrder.Reverse)
            .Add(async token => { await exit.Task.WaitAsync(token); }, name: "web")
            .Add(nested);

        var run = outer.RunAsync(Sys);
        await AwaitAssertAsync(() => Assert.Equal(RunGroupPhase.Running, outer.State.Phase), Bound);
        outer.Interrupt();
        await AwaitAssertAsync(() => Assert.Equal(RunGroupPhase.Draining, outer.State.Phase), Bound);
        Assert.Equal(RunGroupPhase.Running, nested.State.Phase);

        exit.TrySetResult(true);
        var result = await run.Bounded();
        Assert.Null(result.Error);
        var inner = result.Members[1].Result!;
        Assert.Null(inner.FirstExited);
        Assert.True(inner.Members[0].Interrupted);
    }

    [Fact]
    public async Task CoordinatedShutdown_drains_before_it_interrupts_and_waits_for_the_group()
    {
        var system = ActorSystem.Create("cs-drain", ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.run-group.drain-delay = 300ms
            """));
        var events = CreateTestProbe(system);
        system.EventStream.Subscribe(events, typeof(RunGroupEvent));
        var group = new RunGroup("cs-drained").Add(token => Task.Delay(Timeout.Infinite, token), name: "web");

        var run = group.RunAsync(system);
        await AwaitAssertAsync(() => Assert.Equal(RunGroupPhase.Running, group.State.Phase), Bound);
        var shutdown = CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance);
        var draining = events.FishForMessage<GroupDraining>(e => e.Group == "cs-drained", Bound);
        await shutdown.Bounded();

        Assert.IsType<CoordinatedShutdownException>(draining.Error);
        Assert.True(run.IsCompleted);
        Assert.IsType<CoordinatedShutdownException>((await run).Error);
    }

    [Fact]
    public void WithDrainDelay_refuses_a_negative_or_over_long_delay()
    {
        var group = new RunGroup();

        Assert.Throws<ArgumentOutOfRangeException>(() => group.WithDrainDelay(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => group.WithDrainDelay(TimeSpan.FromDays(2)));
        Assert.Same(group, group.WithDrainDelay(TimeSpan.Zero));
    }
}
