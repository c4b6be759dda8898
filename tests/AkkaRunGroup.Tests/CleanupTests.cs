using System.Diagnostics;
using Xunit.Abstractions;

namespace AkkaRunGroup.Tests;

/// <summary>Rule 10: when a run completes, its actors and threads are gone; many runs leak nothing.</summary>
public sealed class CleanupTests(ITestOutputHelper output) : RunGroupTestKit(output)
{
    [Fact]
    public async Task When_the_run_completes_the_supervisor_and_every_member_actor_have_stopped()
    {
        var probe = CreateTestProbe();
        var go = new ManualResetEventSlim();
        var group = new RunGroup("cleaned")
            .Add(() => { go.WaitBounded(); return new Exception("first"); }, _ => { }, "sync")
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "async")
            .AddActor(Props.Create(() => new TestActors.Obedient()), "actor", _ => "stop");

        var run = group.RunAsync(Sys);
        var supervisor = await ResolveAsync("/user/cleaned");
        var children = await ResolveAllAsync("/user/cleaned/*", 3);
        probe.Watch(supervisor);
        foreach (var child in children)
        {
            probe.Watch(child);
        }

        go.Set();
        var result = await run.Bounded();

        // Every actor's Terminated was already sent when the run completed: each arrives without waiting on anything.
        var terminated = probe.ReceiveN(4, Bound).Cast<Terminated>().Select(t => t.ActorRef).ToHashSet();
        Assert.Contains(supervisor, terminated);
        Assert.All(children, c => Assert.Contains(c, terminated));
        Assert.Equal("sync", result.FirstExited);
    }

    [Fact]
    public async Task Many_runs_leave_actors_and_threads_at_their_baseline()
    {
        await RunManyAsync(20); // warm-up: the thread pool and Akka's own actors settle first
        var threadsBefore = Process.GetCurrentProcess().Threads.Count;

        await RunManyAsync(200);

        var remaining = await Sys.ActorSelection("/user/*").Ask<ActorIdentity>(new Identify("any"), Bound);
        Assert.Null(remaining.Subject);
        // Dedicated threads were joined before each run completed; allow for the thread pool's own breathing.
        await AwaitAssertAsync(
            () => Assert.InRange(Process.GetCurrentProcess().Threads.Count, 0, threadsBefore + 8),
            Bound);
    }

    private async Task RunManyAsync(int runs)
    {
        for (var i = 0; i < runs; i++)
        {
            var release = new ManualResetEventSlim();
            await new RunGroup($"leak-{i}")
                .Add(() => { release.WaitBounded(); return null; }, _ => release.Set())
                .Add(token => Task.Delay(Timeout.Infinite, token))
                .Add(() => new Exception("stop"), _ => { })
                .AddActor(Props.Create(() => new TestActors.Ignoring()), "actor")
                .RunAsync(Sys).Bounded();
        }
    }

    private async Task<IActorRef> ResolveAsync(string path) => (await ResolveAllAsync(path, 1))[0];

    private async Task<IReadOnlyList<IActorRef>> ResolveAllAsync(string path, int count)
    {
        var found = new List<IActorRef>();
        await AwaitAssertAsync(async () =>
        {
            var probe = CreateTestProbe();
            Sys.ActorSelection(path).Tell(new Identify(path), probe.Ref);
            found = [.. probe.ReceiveWhile(TimeSpan.FromMilliseconds(300), m => (m as ActorIdentity)?.Subject).OfType<IActorRef>()];
            Assert.Equal(count, found.Count);
            await Task.CompletedTask;
        }, Bound);
        return found;
    }
}
