using Akka.Configuration;
using Xunit.Abstractions;

namespace AkkaRunGroup.Tests;

/// <summary>Rule 5: where executes and interrupts run.</summary>
public sealed class ThreadingTests(ITestOutputHelper output) : RunGroupTestKit(output)
{
    [Fact]
    public async Task A_synchronous_execute_and_its_interrupt_run_on_dedicated_threads()
    {
        bool? executeOnPool = null, interruptOnPool = null;
        Thread? executeThread = null, interruptThread = null;
        var release = new ManualResetEventSlim();
        var group = new RunGroup()
            .Add(
                () =>
                {
                    executeThread = Thread.CurrentThread;
                    executeOnPool = executeThread.IsThreadPoolThread;
                    release.WaitBounded();
                    return null;
                },
                _ =>
                {
                    interruptThread = Thread.CurrentThread;
                    interruptOnPool = interruptThread.IsThreadPoolThread;
                    release.Set();
                })
            .Add(() => new Exception("first"), _ => { });

        await group.RunAsync(Sys).Bounded();

        Assert.False(executeOnPool);
        Assert.False(interruptOnPool);
        Assert.NotSame(executeThread, interruptThread);
        // Rule 10: the threads the group started are gone once the run has completed.
        Assert.False(executeThread!.IsAlive);
        Assert.False(interruptThread!.IsAlive);
    }

    [Theory]
    [InlineData("")]
    [InlineData("akka.run-group.use-dispatcher = own-threads\nown-threads { type = Dispatcher, executor = fork-join-executor, fork-join-executor { parallelism-min = 1, parallelism-max = 1 } }")]
    public async Task An_async_members_interrupt_runs_on_the_thread_pool_whatever_the_groups_dispatcher(string config)
    {
        // With Akka's default dispatcher the member actor's own thread is a pool thread and may run the interrupt;
        // a dispatcher with threads of its own must never run it, since the GroupSupervisor needs those threads.
        using var system = ActorSystem.Create("interrupt-threads", ConfigurationFactory.ParseString(config));
        var onPool = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var group = new RunGroup()
            .Add(static _ => Task.CompletedTask, name: "first")
            .Add(
                token => Task.Delay(Timeout.Infinite, token),
                _ => onPool.TrySetResult(Thread.CurrentThread.IsThreadPoolThread),
                name: "interrupted");

        var result = await group.RunAsync(system).Bounded();

        Assert.Equal("first", result.FirstExited);
        Assert.True(await onPool.Task.Bounded());
        await system.Terminate().Bounded();
    }

    [Fact]
    public async Task An_async_execute_that_blocks_until_its_token_is_cancelled_is_still_interrupted()
    {
        // The execute never returns a task until interrupted: the interrupt must reach it without waiting for it.
        var blocking = new ManualResetEventSlim();
        var group = new RunGroup()
            .Add(token => { blocking.Set(); token.WaitHandle.WaitOne(); return Task.CompletedTask; }, name: "blocks-on-its-token")
            .Add(() => { blocking.WaitBounded(); return new Exception("first"); }, _ => { }, "first");

        var result = await group.RunAsync(Sys).Bounded();

        Assert.Equal("first", result.FirstExited);
        Assert.True(result.Members[0].Interrupted);
        Assert.Null(result.Members[0].Error);
    }

    [Fact]
    public async Task A_blocking_prefix_of_an_async_execute_does_not_block_the_group_supervisor()
    {
        // The first member blocks synchronously, before any await, until the second member's actor exists. If the
        // GroupSupervisor ran that prefix, it could never create the second member and the test would time out.
        var actorCreated = new ManualResetEventSlim();
        var group = new RunGroup()
            .Add(_ => { actorCreated.WaitBounded(); return Task.CompletedTask; }, name: "blocking-prefix")
            .AddActor(Props.Create(() => new SignalOnStart(actorCreated)), "later");

        var result = await group.RunAsync(Sys).Bounded();

        Assert.Equal("blocking-prefix", result.FirstExited);
    }

    [Fact]
    public async Task A_hundred_blocking_synchronous_members_run_at_once_on_two_cores()
    {
        const int n = 100;
        var allStarted = new CountdownEvent(n);
        var group = new RunGroup();
        for (var i = 0; i < n; i++)
        {
            var release = new ManualResetEventSlim();
            group.Add(() => { allStarted.Signal(); release.WaitBounded(); return null; }, _ => release.Set());
        }

        // This member exits once all hundred are blocked at the same time: thread-pool members could not all be.
        group.Add(() => { Assert.True(allStarted.Wait(Bound)); return new Exception("all blocked"); }, _ => { }, "watcher");

        var result = await group.RunAsync(Sys).Bounded();

        Assert.Equal("watcher", result.FirstExited);
        Assert.Equal(n + 1, result.Members.Count);
        Assert.All(result.Members.Take(n), m => Assert.True(m.Interrupted));
    }

    private sealed class SignalOnStart(ManualResetEventSlim created) : UntypedActor
    {
        protected override void PreStart() => created.Set();

        protected override void OnReceive(object message)
        {
        }
    }
}
