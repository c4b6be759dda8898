using System.Collections.Concurrent;
using Xunit.Abstractions;

namespace AkkaRunGroup.Tests.Reliability;

/// <summary>Rule 8's other half: a GroupSupervisor stopped by something outside the group.</summary>
public sealed class OutsideStopTests(ITestOutputHelper output) : RunGroupTestKit(output)
{
    [Fact]
    public async Task Stopping_the_GroupSupervisor_from_outside_interrupts_every_member_while_Interrupting_and_the_run_completes()
    {
        var started = new CountdownEvent(2);
        var interruptedWith = new ConcurrentDictionary<string, Exception?>();
        var release = new ManualResetEventSlim();
        var statesSeen = new ConcurrentDictionary<string, RunGroupState>();
        Thread? executeThread = null;
        var group = new RunGroup("stopped-from-outside");
        group
            .Add(() => { executeThread = Thread.CurrentThread; started.Signal(); release.WaitBounded(); return null; }, e => { Record("sync", e); release.Set(); }, "sync")
            .Add(token => { started.Signal(); return Task.Delay(Timeout.Infinite, token); }, e => Record("async", e), "async")
            .AddActor(Props.Create<TestActors.Ignoring>(), "actor", e => { Record("actor", e); return "ignored"; });

        var run = group.RunAsync(Sys);
        Assert.True(started.Wait(Bound));
        Sys.ActorSelection("/user/stopped-from-outside").Tell(PoisonPill.Instance);
        var result = await run.Bounded();

        var error = Assert.IsType<ActorSystemTerminatedException>(result.Error);
        Assert.Contains("stopped from outside", error.Message);
        Assert.Null(result.FirstExited);
        Assert.Equal(["actor", "async", "sync"], interruptedWith.Keys.Order());
        Assert.All(interruptedWith.Values, e => Assert.Same(error, e));
        // Every interrupt saw the group Interrupting, stopped, with the run's error: the stop is published before it.
        Assert.All(statesSeen.Values, s => Assert.Equal((RunGroupPhase.Interrupting, true, (string?)null), (s.Phase, s.IsStopped, s.FirstExited)));
        Assert.All(statesSeen.Values, s => Assert.Same(error, s.Error));
        Assert.All(result.Members, m => Assert.False(m.Abandoned));
        Assert.False(executeThread!.IsAlive);
        var left = await Sys.ActorSelection("/user/*").Ask<ActorIdentity>(new Identify("any"), Bound);
        Assert.Null(left.Subject);

        void Record(string member, Exception? e)
        {
            statesSeen[member] = group.State;
            interruptedWith[member] = e;
        }
    }
}
