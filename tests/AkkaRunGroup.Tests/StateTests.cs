using Xunit.Abstractions;

namespace AkkaRunGroup.Tests;

/// <summary>RunGroup.State: the phases a run goes through, as a probe reads them.</summary>
public sealed class StateTests(ITestOutputHelper output) : RunGroupTestKit(output)
{
    /// <summary>An actor member that reports readiness when told to, and stops when told to.</summary>
    private sealed class ReadyWhenTold : ReceiveActor
    {
        public ReadyWhenTold()
        {
            Receive<string>(m => m == "ready", _ => Context.Parent.Tell(MemberReady.Instance));
            Receive<string>(m => m == "stop", _ => Context.Stop(Self));
        }
    }

    [Fact]
    public void A_group_that_has_not_run_is_NotStarted()
    {
        var state = new RunGroup("idle").State;

        Assert.Equal(RunGroupPhase.NotStarted, state.Phase);
        Assert.False(state.IsStopped);
        Assert.Null(state.Result);
    }

    [Fact]
    public async Task A_run_goes_from_Running_to_Interrupting_to_Completed_and_says_what_stopped_it()
    {
        var interrupting = BoundedWaits.NewTcs<bool>();
        var release = BoundedWaits.NewTcs<bool>();
        var error = new InvalidOperationException("stop");
        var group = new RunGroup("phases")
            .Add(token => Task.Delay(Timeout.Infinite, token), _ => { interrupting.TrySetResult(true); release.Task.Wait(Bound); }, "held");

        var run = group.RunAsync(Sys);
        await AwaitAssertAsync(() => Assert.Equal(RunGroupPhase.Running, group.State.Phase), Bound);
        var running = group.State;
        Assert.False(running.IsStopped);

        group.Interrupt(error);
        await interrupting.Task.Bounded();
        var stopping = group.State;
        Assert.Equal(RunGroupPhase.Interrupting, stopping.Phase);
        Assert.True(stopping.IsStopped);
        Assert.Same(error, stopping.Error);
        Assert.Null(stopping.FirstExited);
        Assert.True(stopping.Since >= running.Since);

        release.TrySetResult(true);
        var result = await run.Bounded();
        var completed = group.State;
        Assert.Equal(RunGroupPhase.Completed, completed.Phase);
        Assert.Same(result, completed.Result);
        Assert.True(completed.Since >= stopping.Since);
    }

    [Fact]
    public async Task A_members_exit_names_it_as_the_first_exit_in_the_state()
    {
        var exit = BoundedWaits.NewTcs<bool>();
        var group = new RunGroup("exit-state")
            .Add(async _ => { await exit.Task; throw new TimeoutException("gone"); }, name: "db")
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "api");

        var run = group.RunAsync(Sys);
        await AwaitAssertAsync(() => Assert.Equal(RunGroupPhase.Running, group.State.Phase), Bound);
        exit.TrySetResult(true);
        await run.Bounded();

        var state = group.State;
        Assert.Equal(RunGroupPhase.Completed, state.Phase);
        Assert.Equal("db", state.FirstExited);
        Assert.IsType<TimeoutException>(state.Error);
        Assert.Contains("'db' exited first", state.ToString());
    }

    [Fact]
    public async Task An_actor_member_that_reports_readiness_keeps_the_run_Starting_until_it_does()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe, typeof(MemberStarted));
        var group = new RunGroup("readiness")
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "worker")
            .AddActor(Props.Create<ReadyWhenTold>(), "node", _ => "stop", reportsReady: true);

        var run = group.RunAsync(Sys);
        var started = new HashSet<string>();
        while (started.Count < 2)
        {
            started.Add(probe.FishForMessage<MemberStarted>(e => e.Group == "readiness", Bound).Member);
        }

        Assert.Equal(RunGroupPhase.Starting, group.State.Phase);

        var node = await Sys.ActorSelection("/user/readiness/node").ResolveOne(Bound);
        node.Tell("ready");
        await AwaitAssertAsync(() => Assert.Equal(RunGroupPhase.Running, group.State.Phase), Bound);

        group.Interrupt();
        Assert.Null((await run.Bounded()).Error);
    }

    [Fact]
    public async Task A_nested_group_is_Running_only_once_its_own_members_have_started()
    {
        var nested = new RunGroup("inner").AddActor(Props.Create<ReadyWhenTold>(), "node", _ => "stop", reportsReady: true);
        var outer = new RunGroup("outer")
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "worker")
            .Add(nested);

        var run = outer.RunAsync(Sys);
        var node = await AwaitResolve("/user/outer/inner/node");
        Assert.Equal(RunGroupPhase.Starting, nested.State.Phase);
        Assert.Equal(RunGroupPhase.Starting, outer.State.Phase);

        node.Tell("ready");
        await AwaitAssertAsync(() => Assert.Equal(RunGroupPhase.Running, outer.State.Phase), Bound);
        Assert.Equal(RunGroupPhase.Running, nested.State.Phase);

        outer.Interrupt();
        await run.Bounded();
        Assert.Equal(RunGroupPhase.Completed, nested.State.Phase);
    }

    [Fact]
    public async Task An_empty_group_is_Completed_once_run()
    {
        var group = new RunGroup("empty");

        var result = await group.RunAsync(Sys).Bounded();

        Assert.Equal(RunGroupPhase.Completed, group.State.Phase);
        Assert.Same(result, group.State.Result);
    }

    private async Task<IActorRef> AwaitResolve(string path)
    {
        IActorRef? actor = null;
        await AwaitAssertAsync(async () => actor = await Sys.ActorSelection(path).ResolveOne(TimeSpan.FromSeconds(1)), Bound);
        return actor!;
    }

    public enum EarlyStop
    {
        InterruptedBeforeRunAsync,
        TokenAlreadyCancelled,
    }

    [Theory]
    [InlineData(EarlyStop.InterruptedBeforeRunAsync)]
    [InlineData(EarlyStop.TokenAlreadyCancelled)]
    public async Task A_run_stopped_before_it_began_is_never_seen_Running(EarlyStop how)
    {
        // A watcher reads the state as fast as it can through each run: a Running published before the pending stop is
        // read would show in some of the runs.
        const int Runs = 60;
        var seenRunning = 0;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        for (var i = 0; i < Runs; i++)
        {
            var group = new RunGroup($"early-{i}").Add(token => Task.Delay(Timeout.Infinite, token), name: "waits");
            if (how == EarlyStop.InterruptedBeforeRunAsync)
            {
                group.Interrupt(new InvalidOperationException("before"));
            }

            using var done = new CancellationTokenSource();
            var watcher = Task.Factory.StartNew(
                () =>
                {
                    var seen = false;
                    while (!done.IsCancellationRequested)
                    {
                        seen |= group.State.Phase == RunGroupPhase.Running;
                    }

                    return seen;
                },
                TaskCreationOptions.LongRunning);
            var result = await group.RunAsync(Sys, how == EarlyStop.TokenAlreadyCancelled ? cancelled.Token : default).Bounded();
            await done.CancelAsync();
            seenRunning += await watcher.Bounded() ? 1 : 0;
            Assert.True(result.Members.Single().Interrupted, result.ToString());
        }

        Assert.Equal(0, seenRunning);
    }

    [Fact]
    public async Task The_Starting_state_reads_the_same_Since_at_every_read()
    {
        var group = new RunGroup("starting").AddActor(Props.Create<ReadyWhenTold>(), "late", _ => "stop", reportsReady: true);
        var run = group.RunAsync(Sys);
        await AwaitAssertAsync(() => Assert.Equal(RunGroupPhase.Starting, group.State.Phase), Bound);

        var first = group.State.Since;
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(first, group.State.Since);
        }

        group.Interrupt();
        await run.Bounded();
    }
}
