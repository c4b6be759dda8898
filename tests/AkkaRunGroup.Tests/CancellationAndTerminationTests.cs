using Akka.Configuration;
using Xunit.Abstractions;

namespace AkkaRunGroup.Tests;

/// <summary>Rules 7 and 8: interrupting a group from outside.</summary>
public sealed class CancellationAndTerminationTests(ITestOutputHelper output) : RunGroupTestKit(output)
{
    [Fact]
    public async Task Cancelling_the_run_interrupts_the_group_with_OperationCanceledException()
    {
        using var cts = new CancellationTokenSource();
        var interruptedWith = BoundedWaits.NewTcs<Exception?>();
        var started = BoundedWaits.NewTcs<bool>();
        var group = new RunGroup()
            .Add(async token => { started.TrySetResult(true); await Task.Delay(Timeout.Infinite, token); }, e => interruptedWith.TrySetResult(e));

        var run = group.RunAsync(Sys, cts.Token);
        await started.Task.Bounded();
        cts.Cancel();
        var result = await run.Bounded();

        var error = Assert.IsAssignableFrom<OperationCanceledException>(result.Error);
        Assert.Equal(cts.Token, error.CancellationToken);
        Assert.Null(result.FirstExited);
        Assert.Same(result.Error, await interruptedWith.Task.Bounded());
    }

    [Fact]
    public async Task An_already_cancelled_token_starts_then_interrupts_every_member()
    {
        var starts = 0;
        var group = new RunGroup()
            .Add(token => { Interlocked.Increment(ref starts); return Task.Delay(Timeout.Infinite, token); })
            .Add(token => { Interlocked.Increment(ref starts); return Task.Delay(Timeout.Infinite, token); });

        var result = await group.RunAsync(Sys, new CancellationToken(true)).Bounded();

        Assert.IsAssignableFrom<OperationCanceledException>(result.Error);
        Assert.Equal(2, starts);
    }

    [Fact]
    public async Task Terminating_the_ActorSystem_interrupts_the_group_and_the_run_completes()
    {
        var system = ActorSystem.Create("terminating", ConfigurationFactory.ParseString("akka.loglevel = WARNING"));
        var started = new CountdownEvent(2);
        var interruptedWith = new System.Collections.Concurrent.ConcurrentBag<Exception?>();
        var release = new ManualResetEventSlim();
        var group = new RunGroup()
            .Add(() => { started.Signal(); release.WaitBounded(); return null; }, e => { interruptedWith.Add(e); release.Set(); }, "sync")
            .Add(async token => { started.Signal(); await Task.Delay(Timeout.Infinite, token); }, interruptedWith.Add, "async");

        var run = group.RunAsync(system);
        Assert.True(started.Wait(Bound));
        await system.Terminate().Bounded();
        var result = await run.Bounded();

        Assert.IsType<ActorSystemTerminatedException>(result.Error);
        Assert.Contains("terminating", result.Error.Message);
        Assert.Equal(2, interruptedWith.Count);
        Assert.All(interruptedWith, e => Assert.Same(result.Error, e));
        Assert.All(result.Members, m => Assert.False(m.Abandoned));
    }

    [Fact]
    public async Task Stopping_the_GroupSupervisor_from_outside_interrupts_the_group_and_the_run_completes()
    {
        var started = BoundedWaits.NewTcs<bool>();
        Exception? interruptedWith = null;
        var group = new RunGroup("killed")
            .Add(async token => { started.TrySetResult(true); await Task.Delay(Timeout.Infinite, token); }, e => interruptedWith = e, "async");

        var run = group.RunAsync(Sys);
        await started.Task.Bounded();
        var supervisor = await Sys.ActorSelection("/user/killed").ResolveOne(Bound);
        supervisor.Tell(Kill.Instance);
        var result = await run.Bounded();

        var error = Assert.IsType<ActorSystemTerminatedException>(result.Error);
        Assert.Contains("stopped from outside", error.Message);
        Assert.Same(error, interruptedWith);
        Assert.IsAssignableFrom<OperationCanceledException>(result.Members[0].Error);
    }

    [Fact]
    public async Task RunAsync_on_a_terminated_ActorSystem_throws_and_leaves_the_group_unused()
    {
        var system = ActorSystem.Create("terminated", ConfigurationFactory.ParseString("akka.loglevel = WARNING"));
        await system.Terminate().Bounded();
        var group = new RunGroup().Add(_ => Task.CompletedTask);

        var error = Assert.Throws<InvalidOperationException>(() => { _ = group.RunAsync(system); });

        Assert.Contains("terminated", error.Message);
        var result = await group.RunAsync(Sys).Bounded();
        Assert.Null(result.Error);
    }

    [Fact]
    public async Task Without_an_ActorSystem_the_group_runs_on_a_private_one()
    {
        var boom = new Exception("private");
        var result = await new RunGroup().Add(() => boom, _ => { }).RunAsync().Bounded();

        Assert.Same(boom, result.Error);
    }
}
