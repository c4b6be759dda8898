using Xunit.Abstractions;

namespace AkkaRunGroup.Tests;

/// <summary>RunGroup.Interrupt: interrupting a group from outside.</summary>
public sealed class InterruptTests(ITestOutputHelper output) : RunGroupTestKit(output)
{
    [Fact]
    public async Task Interrupt_calls_every_interrupt_with_its_error_and_the_run_returns_it()
    {
        var started = new CountdownEvent(2);
        var error = new InvalidOperationException("stop from outside");
        var interruptedWith = new System.Collections.Concurrent.ConcurrentBag<Exception?>();
        var group = new RunGroup()
            .Add(async token => { started.Signal(); await Task.Delay(Timeout.Infinite, token); }, interruptedWith.Add, "a")
            .Add(async token => { started.Signal(); await Task.Delay(Timeout.Infinite, token); }, interruptedWith.Add, "b");

        var run = group.RunAsync(Sys);
        Assert.True(started.Wait(Bound));
        group.Interrupt(error);
        var result = await run.Bounded();

        Assert.Same(error, result.Error);
        Assert.Null(result.FirstExited);
        Assert.Equal([error, error], interruptedWith);
        Assert.All(result.Members, m => Assert.True(m.Interrupted));
    }

    [Fact]
    public async Task Interrupt_without_an_error_interrupts_cleanly()
    {
        var started = BoundedWaits.NewTcs<bool>();
        var group = new RunGroup().Add(async token => { started.TrySetResult(true); await Task.Delay(Timeout.Infinite, token); });

        var run = group.RunAsync(Sys);
        await started.Task.Bounded();
        group.Interrupt();
        var result = await run.Bounded();

        Assert.Null(result.Error);
        Assert.Null(result.FirstExited);
    }

    [Fact]
    public async Task Interrupt_before_the_run_starts_every_member_then_interrupts_them()
    {
        var error = new InvalidOperationException("early");
        var starts = 0;
        var group = new RunGroup()
            .Add(token => { Interlocked.Increment(ref starts); return Task.Delay(Timeout.Infinite, token); })
            .Interrupt(error);

        var result = await group.RunAsync(Sys).Bounded();

        Assert.Same(error, result.Error);
        Assert.Equal(1, starts);
    }

    [Fact]
    public async Task Only_the_first_interrupt_counts_and_interrupt_after_completion_does_nothing()
    {
        var started = BoundedWaits.NewTcs<bool>();
        var first = new InvalidOperationException("first");
        var group = new RunGroup().Add(async token => { started.TrySetResult(true); await Task.Delay(Timeout.Infinite, token); });

        var run = group.RunAsync(Sys);
        await started.Task.Bounded();
        group.Interrupt(first).Interrupt(new InvalidOperationException("second"));
        var result = await run.Bounded();
        group.Interrupt(new InvalidOperationException("late"));

        Assert.Same(first, result.Error);
    }
}
