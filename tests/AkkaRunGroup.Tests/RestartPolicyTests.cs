using System.Collections.Concurrent;
using Akka.TestKit;
using Xunit.Abstractions;

namespace AkkaRunGroup.Tests;

/// <summary>Restart policies: opt-in restarts with intensity and backoff, never after the group is interrupted.</summary>
public sealed class RestartPolicyTests(ITestOutputHelper output) : RunGroupTestKit(output)
{
    private static readonly RestartPolicy Quick = RestartPolicy.OnFailure(maxRestarts: 3, minBackoff: TimeSpan.FromMilliseconds(10), maxBackoff: TimeSpan.FromMilliseconds(50));

    [Fact]
    public async Task A_failing_member_with_OnFailure_is_restarted_and_does_not_stop_the_group()
    {
        var runs = 0;
        var interrupts = 0;
        var thirdRunStarted = BoundedWaits.NewTcs<bool>();
        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events.Ref, typeof(MemberRestarted));
        var group = new RunGroup("restarting").Add(
            async token =>
            {
                if (Interlocked.Increment(ref runs) < 3)
                {
                    throw new InvalidOperationException($"run {runs} failed");
                }

                thirdRunStarted.TrySetResult(true);
                await Task.Delay(Timeout.Infinite, token);
            },
            _ => Interlocked.Increment(ref interrupts),
            "flaky",
            Quick);
        using var cts = new CancellationTokenSource();

        var run = group.RunAsync(Sys, cts.Token);
        await thirdRunStarted.Task.Bounded();
        cts.Cancel();
        var result = await run.Bounded();

        Assert.IsAssignableFrom<OperationCanceledException>(result.Error);
        Assert.Equal(2, result.Members[0].Restarts);
        Assert.Equal(1, interrupts);
        var restarts = events.ReceiveN(2, Bound).Cast<MemberRestarted>().ToList();
        Assert.Equal([1, 2], restarts.Select(r => r.Restarts));
        Assert.Equal("run 1 failed", restarts[0].Error!.Message);
        Assert.All(restarts, r => Assert.InRange(r.Backoff, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(60)));
    }

    [Fact]
    public async Task When_the_intensity_is_exceeded_the_last_error_stops_the_group()
    {
        var runs = 0;
        var group = new RunGroup("exceeded")
            .Add(() => new Exception($"failure {Interlocked.Increment(ref runs)}"), _ => { }, "always-failing", Quick)
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "other");

        var result = await group.RunAsync(Sys).Bounded();

        Assert.Equal("failure 4", result.Error!.Message);
        Assert.Equal("always-failing", result.FirstExited);
        Assert.Equal(3, result.Members[0].Restarts);
        Assert.Equal(4, runs);
    }

    [Fact]
    public async Task OnFailure_does_not_restart_a_clean_exit_and_Always_does()
    {
        var onFailureRuns = 0;
        var onFailure = await new RunGroup("on-failure")
            .Add(_ => { Interlocked.Increment(ref onFailureRuns); return Task.CompletedTask; }, null, "clean", Quick)
            .RunAsync(Sys).Bounded();
        var alwaysRuns = 0;
        var always = await new RunGroup("always")
            .Add(_ => { Interlocked.Increment(ref alwaysRuns); return Task.CompletedTask; }, null, "clean",
                RestartPolicy.Always(maxRestarts: 2, minBackoff: TimeSpan.FromMilliseconds(5), maxBackoff: TimeSpan.FromMilliseconds(5)))
            .RunAsync(Sys).Bounded();

        Assert.Equal(1, onFailureRuns);
        Assert.Equal(0, onFailure.Members[0].Restarts);
        Assert.Equal(3, alwaysRuns);
        Assert.Equal(2, always.Members[0].Restarts);
        Assert.Null(always.Error);
    }

    [Fact]
    public async Task A_member_is_never_restarted_once_the_group_is_interrupted()
    {
        var runs = 0;
        var group = new RunGroup("no-restart-after-interrupt")
            .Add(async token =>
            {
                Interlocked.Increment(ref runs);
                await Task.Delay(Timeout.Infinite, token);
            }, null, "fails-when-interrupted", Quick)
            .Add(() => new Exception("stop"), _ => { }, "stopper");

        var result = await group.RunAsync(Sys).Bounded();

        Assert.Equal("stop", result.Error!.Message);
        Assert.Equal(1, runs);
        Assert.Equal(0, result.Members[0].Restarts);
    }

    [Fact]
    public async Task An_interrupt_during_the_backoff_ends_the_member_at_once_with_its_last_error()
    {
        var failed = BoundedWaits.NewTcs<bool>();
        var interrupts = 0;
        var slow = RestartPolicy.OnFailure(minBackoff: TimeSpan.FromMinutes(10), maxBackoff: TimeSpan.FromMinutes(10));
        var group = new RunGroup("backoff")
            .Add(() => { failed.TrySetResult(true); return new Exception("waiting to restart"); }, _ => Interlocked.Increment(ref interrupts), "backing-off", slow);
        using var cts = new CancellationTokenSource();
        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events.Ref, typeof(MemberRestarted));

        var run = group.RunAsync(Sys, cts.Token);
        await failed.Task.Bounded();
        Assert.Equal(1, events.ExpectMsg<MemberRestarted>(Bound).Restarts);
        cts.Cancel();
        var result = await run.Bounded();

        Assert.IsAssignableFrom<OperationCanceledException>(result.Error);
        Assert.Equal("waiting to restart", result.Members[0].Error!.Message);
        Assert.Equal(1, result.Members[0].Restarts);
        Assert.Equal(1, interrupts);
    }

    [Fact]
    public async Task Each_incarnation_of_an_async_member_gets_a_new_token()
    {
        var tokens = new ConcurrentQueue<CancellationToken>();
        var secondStarted = BoundedWaits.NewTcs<bool>();
        var group = new RunGroup("tokens").Add(
            async token =>
            {
                tokens.Enqueue(token);
                if (tokens.Count == 1)
                {
                    throw new Exception("first incarnation fails");
                }

                secondStarted.TrySetResult(true);
                await Task.Delay(Timeout.Infinite, token);
            },
            null,
            "tokens",
            Quick);
        using var cts = new CancellationTokenSource();

        var run = group.RunAsync(Sys, cts.Token);
        await secondStarted.Task.Bounded();
        cts.Cancel();
        await run.Bounded();

        var all = tokens.ToArray();
        Assert.Equal(2, all.Length);
        Assert.NotEqual(all[0], all[1]);
        Assert.False(all[0].IsCancellationRequested);
        Assert.True(all[1].IsCancellationRequested);
    }

    [Fact]
    public async Task Every_restart_is_logged_as_a_warning()
    {
        var runs = 0;
        var group = new RunGroup("logged-restarts")
            .Add(() => Interlocked.Increment(ref runs) <= 2 ? new Exception("flaky") : null, _ => { }, "flaky", Quick);

        await EventFilter.Warning(contains: "member 'flaky' exited with Exception: flaky; restart").ExpectAsync(2, async () =>
            await group.RunAsync(Sys).Bounded());
    }

    [Fact]
    public void The_backoff_doubles_per_recent_restart_is_capped_and_stretched_by_jitter()
    {
        var policy = RestartPolicy.OnFailure(minBackoff: TimeSpan.FromMilliseconds(100), maxBackoff: TimeSpan.FromSeconds(1), jitter: 0.5);

        Assert.Equal(TimeSpan.FromMilliseconds(100), policy.Backoff(0, random: 0));
        Assert.Equal(TimeSpan.FromMilliseconds(400), policy.Backoff(2, random: 0));
        Assert.Equal(TimeSpan.FromSeconds(1), policy.Backoff(10, random: 0));
        Assert.Equal(TimeSpan.FromMilliseconds(150), policy.Backoff(0, random: 1));
    }

    [Fact]
    public void Invalid_policies_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RestartPolicy.OnFailure(maxRestarts: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RestartPolicy.OnFailure(within: TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => RestartPolicy.Always(minBackoff: TimeSpan.FromSeconds(2), maxBackoff: TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => RestartPolicy.Always(jitter: 1.5));
    }

    /// <summary>
    /// Found by the random suite (seed 2dpuNlk4Turg): an incarnation's thread could end the run before it was stored,
    /// so the run did not join it and completed with the thread still running.
    /// </summary>
    [Fact]
    public async Task When_the_run_completes_the_thread_of_every_incarnation_has_ended()
    {
        var fast = RestartPolicy.OnFailure(maxRestarts: 3, minBackoff: TimeSpan.FromMilliseconds(1), maxBackoff: TimeSpan.FromMilliseconds(1), jitter: 0);
        for (var run = 0; run < 200; run++)
        {
            var threads = new ConcurrentQueue<Thread>();
            var result = await new RunGroup($"incarnation-threads-{run}")
                .Add(() => { threads.Enqueue(Thread.CurrentThread); return new Exception("fails"); }, _ => { }, "flaky", fast)
                // Its own work time, so that its exit lands at different moments of the restarts: not a synchronisation.
                .Add(() => { Thread.SpinWait(run * 500); return new Exception("stop"); }, _ => { }, "stopper")
                .RunAsync(Sys).Bounded();

            // A restart that the interrupt catches in its backoff is counted but never starts.
            Assert.InRange(threads.Count, result.Members[0].Restarts, result.Members[0].Restarts + 1);
            Assert.All(threads, t => Assert.False(t.IsAlive, $"run {run}: an execute thread is alive after the run ({result})"));
        }
    }
}
