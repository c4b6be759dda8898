using Akka.TestKit;
using Xunit.Abstractions;

namespace AkkaRunGroup.Tests;

/// <summary>Rule 11: lifecycle events on the EventStream and log lines.</summary>
public sealed class EventsAndLoggingTests(ITestOutputHelper output) : RunGroupTestKit(output, "akka.loglevel = DEBUG")
{
    [Fact]
    public async Task A_run_publishes_started_exited_interrupted_and_completed_events()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(RunGroupEvent));
        var boom = new Exception("boom");
        var release = new ManualResetEventSlim();
        var group = new RunGroup("evented")
            .Add(() => { release.WaitBounded(); return null; }, _ => release.Set(), "waiter")
            .Add(async _ => { await Task.Yield(); throw boom; }, name: "failing");

        var result = await group.RunAsync(Sys).Bounded();

        var events = probe.ReceiveN(6, Bound).Cast<RunGroupEvent>().ToList();
        Assert.All(events, e => Assert.Equal("evented", e.Group));
        Assert.Equal(2, events.OfType<MemberStarted>().Count());
        var interrupted = Assert.Single(events.OfType<GroupInterrupted>());
        Assert.Equal("failing", interrupted.FirstExited);
        Assert.Same(boom, interrupted.Error);
        var exits = events.OfType<MemberExited>().ToList();
        Assert.Equal(["failing", "waiter"], exits.Select(e => e.Member));
        Assert.Same(boom, exits[0].Error);
        Assert.True(exits[0].Elapsed >= TimeSpan.Zero);
        var completed = Assert.IsType<GroupCompleted>(events[^1]);
        Assert.Same(result, completed.Result);
        // Order: a member starts before it exits, and the group is interrupted before the second exit.
        Assert.True(events.IndexOf(interrupted) < events.IndexOf(exits[1]));
    }

    [Fact]
    public async Task The_first_exit_and_the_completion_are_logged_at_info()
    {
        var group = new RunGroup("logged")
            .Add(() => new InvalidOperationException("db down"), _ => { }, "db")
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "api");

        await EventFilter.Info(contains: "member 'db' exited first with InvalidOperationException: db down").ExpectOneAsync(async () =>
            await EventFilter.Info(contains: "Run group 'logged' completed").ExpectOneAsync(async () =>
                await group.RunAsync(Sys).Bounded()));
    }

    [Fact]
    public async Task Each_member_exit_is_logged_at_debug()
    {
        var group = new RunGroup("debugged")
            .Add(() => null, _ => { }, "one")
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "two");

        await EventFilter.Debug(contains: "Run group 'debugged': member '").ExpectAsync(2, async () =>
            await group.RunAsync(Sys).Bounded());
    }
}
