using System.Collections.Concurrent;
using Xunit;
using Xunit.Abstractions;

namespace AkkaRunGroup.Tests;

/// <summary>Rules 2 to 4: who starts, who decides, who is interrupted, when the run completes.</summary>
public sealed class RulesTests(ITestOutputHelper output) : RunGroupTestKit(output)
{
    [Fact]
    public async Task Every_execute_starts_exactly_once_and_all_run_at_the_same_time()
    {
        const int n = 8;
        var allStarted = new CountdownEvent(n);
        var starts = new int[n];
        var group = new RunGroup();
        for (var i = 0; i < n; i++)
        {
            var index = i;
            // Each execute waits until all have started: this can only finish if they run concurrently.
            group.Add(() =>
            {
                Interlocked.Increment(ref starts[index]);
                allStarted.Signal();
                Assert.True(allStarted.Wait(Bound));
                return null;
            }, _ => { });
        }

        var result = await group.RunAsync(Sys).Bounded();

        Assert.All(starts, s => Assert.Equal(1, s));
        Assert.Null(result.Error);
    }

    [Fact]
    public async Task A_clean_return_of_the_first_member_stops_the_group_with_a_null_error()
    {
        var group = new RunGroup()
            .Add(_ => Task.CompletedTask, name: "done")
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "server");

        var result = await group.RunAsync(Sys).Bounded();

        Assert.Null(result.Error);
        Assert.Equal("done", result.FirstExited);
        Assert.IsAssignableFrom<OperationCanceledException>(result.Members[1].Error);
    }

    [Fact]
    public async Task Every_interrupt_runs_exactly_once_also_for_members_that_already_returned()
    {
        const int n = 20;
        var interrupts = new int[n];
        var group = new RunGroup();
        for (var i = 0; i < n; i++)
        {
            var index = i;
            // Even members return at once, odd ones wait for their interrupt: returned members are interrupted too.
            if (index % 2 == 0)
            {
                group.Add(_ => Task.CompletedTask, _ => Interlocked.Increment(ref interrupts[index]));
            }
            else
            {
                group.Add(token => Task.Delay(Timeout.Infinite, token), _ => Interlocked.Increment(ref interrupts[index]));
            }
        }

        var result = await group.RunAsync(Sys).Bounded();

        Assert.All(interrupts, c => Assert.Equal(1, c));
        Assert.All(result.Members.Where((_, i) => i % 2 == 1), m => Assert.True(m.Interrupted));
    }

    [Fact]
    public async Task The_siblings_of_a_member_that_exits_at_once_are_each_interrupted_once_with_its_error()
    {
        // Such an exit is claimed on the member's own actor, which sends its siblings' interrupts before the
        // GroupSupervisor hears of it; the GroupSupervisor covers what that cannot reach (a nested group, a member
        // whose actor is not spawned yet). Three hundred runs, for the two to race.
        for (var run = 0; run < 300; run++)
        {
            var first = new Exception($"first of run {run}");
            var seen = new ConcurrentQueue<(string Member, Exception? Error)>();
            var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var gate = new ManualResetEventSlim();
            var nested = new RunGroup("nested")
                .Add(token => Task.Delay(Timeout.Infinite, token), e => seen.Enqueue(("inner", e)), "inner");
            var group = new RunGroup($"siblings-{run}")
                .Add(_ => Task.FromException(first), e => seen.Enqueue(("first", e)), "first")
                .Add(token => Task.Delay(Timeout.Infinite, token), e => seen.Enqueue(("token", e)), "token")
                .Add(_ => released.Task, e => { seen.Enqueue(("released", e)); released.TrySetResult(); }, "released")
                .Add(() => { gate.WaitBounded(); return null; }, e => { seen.Enqueue(("sync", e)); gate.Set(); }, "sync")
                .Add(nested, "nested");

            var result = await group.RunAsync(Sys).Bounded();

            Assert.Same(first, result.Error);
            Assert.Equal("first", result.FirstExited);
            Assert.Equal(["first", "inner", "released", "sync", "token"], seen.Select(s => s.Member).Order());
            Assert.All(seen, s => Assert.Same(first, s.Error));
            Assert.All(result.Members.Where(m => m.Name != "first"), m => Assert.True(m.Interrupted, m.Name));
        }
    }

    [Fact]
    public async Task Interrupts_run_concurrently()
    {
        // Each interrupt blocks until the other has started: only concurrent interrupts can both return.
        var both = new CountdownEvent(2);
        void Interrupt(Exception? _)
        {
            both.Signal();
            Assert.True(both.Wait(Bound));
        }

        var a = new ManualResetEventSlim();
        var b = new ManualResetEventSlim();
        var group = new RunGroup()
            .Add(() => { a.WaitBounded(); return null; }, e => { Interrupt(e); a.Set(); }, "a")
            .Add(() => { b.WaitBounded(); return null; }, e => { Interrupt(e); b.Set(); }, "b")
            .Add(() => new Exception("stop"), _ => { }, "stopper");

        var result = await group.RunAsync(Sys).Bounded();

        Assert.Equal("stopper", result.FirstExited);
        Assert.All(result.Members, m => Assert.Null(m.InterruptError));
    }

    [Fact]
    public async Task An_interrupt_that_throws_is_recorded_and_the_other_interrupts_still_run()
    {
        var thrown = new InvalidOperationException("interrupt failed");
        var otherInterrupted = 0;
        var release = new ManualResetEventSlim();
        var group = new RunGroup()
            .Add(() => new Exception("first"), _ => throw thrown, "bad-interrupt")
            .Add(() => { release.WaitBounded(); return null; }, _ => { Interlocked.Increment(ref otherInterrupted); release.Set(); }, "good");

        var result = await group.RunAsync(Sys).Bounded();

        Assert.Same(thrown, result.Members[0].InterruptError);
        Assert.Equal(1, otherInterrupted);
        Assert.Equal("first", result.Error!.Message);
    }

    [Fact]
    public async Task The_run_completes_only_when_every_member_has_exited()
    {
        var interrupted = NewTcs<bool>();
        var release = new ManualResetEventSlim();
        var group = new RunGroup()
            .Add(() => new Exception("first"), _ => { })
            .Add(() => { release.WaitBounded(); return null; }, _ => interrupted.TrySetResult(true), "slow");

        var run = group.RunAsync(Sys);
        await interrupted.Task.Bounded();
        // The slow member has been interrupted but has not exited: the run must still be waiting for it.
        await Task.Yield();
        Assert.False(run.IsCompleted);
        release.Set();
        var result = await run.Bounded();

        Assert.False(result.Members[1].Abandoned);
    }

    [Fact]
    public async Task The_run_waits_for_interrupts_to_return()
    {
        var interruptEntered = NewTcs<bool>();
        var releaseInterrupt = new ManualResetEventSlim();
        var group = new RunGroup()
            .Add(() => null, _ => { interruptEntered.TrySetResult(true); releaseInterrupt.WaitBounded(); }, "slow-interrupt");

        var run = group.RunAsync(Sys);
        await interruptEntered.Task.Bounded();
        Assert.False(run.IsCompleted);
        releaseInterrupt.Set();
        var result = await run.Bounded();

        Assert.False(result.Members[0].Abandoned);
    }

    private static TaskCompletionSource<T> NewTcs<T>() => BoundedWaits.NewTcs<T>();
}
