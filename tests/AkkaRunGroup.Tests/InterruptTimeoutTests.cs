using Xunit;
using Xunit.Abstractions;

namespace AkkaRunGroup.Tests;

/// <summary>Rule 4's exception: a finite interrupt timeout ends the run without the members that ignore it.</summary>
public sealed class InterruptTimeoutTests(ITestOutputHelper output)
    : RunGroupTestKit(output, "akka.loglevel = INFO\nakka.run-group.interrupt-timeout = 300ms")
{
    [Fact]
    public async Task Members_still_running_at_the_timeout_are_abandoned_and_named_in_a_warning()
    {
        var ignore = new ManualResetEventSlim();
        var group = new RunGroup("stubborn-group")
            .Add(() => new Exception("first"), _ => { }, "first")
            .Add(() => { ignore.WaitBounded(); return null; }, _ => { }, "deaf")
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "polite");

        RunResult? result = null;
        await EventFilter.Warning(contains: "'deaf'").ExpectOneAsync(async () => result = await group.RunAsync(Sys).Bounded());

        Assert.NotNull(result);
        Assert.True(result.Members[1].Abandoned);
        Assert.False(result.Members[0].Abandoned);
        Assert.False(result.Members[2].Abandoned);
        Assert.Equal(["deaf"], result.Abandoned.Select(m => m.Name));
        ignore.Set();
    }

    [Fact]
    public async Task An_interrupt_that_blocks_forever_is_abandoned_and_the_run_still_ends()
    {
        var never = new ManualResetEventSlim();
        var group = new RunGroup()
            .Add(() => null, _ => never.Wait(), "blocking-interrupt")
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "ok");

        var result = await group.RunAsync(Sys).Bounded();

        Assert.True(result.Members[0].Abandoned);
        Assert.False(result.Members[1].Abandoned);
        never.Set();
    }

    [Fact]
    public async Task An_interrupt_still_blocked_when_the_ActorSystem_terminates_is_abandoned_at_the_timeout()
    {
        // Every member actor has stopped, so the GroupSupervisor has stopped too, leaving the run to its last
        // return or its timeout; the termination must not keep the timeout from ending the run.
        using var system = ActorSystem.Create("terminated-while-blocked", "akka.loglevel = WARNING\nakka.run-group.interrupt-timeout = 1s");
        var blocking = new ManualResetEventSlim();
        var release = new ManualResetEventSlim();
        var group = new RunGroup()
            .Add(() => new Exception("first"), _ => { }, "first")
            // Its execute returns once its interrupt has begun; the interrupt then blocks until the test releases it.
            .Add(() => { blocking.WaitBounded(); return null; }, _ => { blocking.Set(); release.Wait(); }, "blocked-interrupt");

        var run = group.RunAsync(system);
        await Task.Run(() => blocking.WaitBounded()).Bounded();
        await system.Terminate().Bounded();
        var result = await run.Bounded();

        Assert.Equal("first", result.FirstExited);
        Assert.Equal(["blocked-interrupt"], result.Abandoned.Select(m => m.Name));
        release.Set();
    }

    [Fact]
    public async Task An_actor_member_that_ignores_its_interrupt_is_abandoned_and_stopped()
    {
        var group = new RunGroup()
            .AddActor(Props.Create(() => new TestActors.Ignoring()), "ignoring", _ => "please stop")
            .Add(() => new Exception("first"), _ => { }, "first");

        var result = await group.RunAsync(Sys).Bounded();

        Assert.True(result.Members[0].Abandoned);
        var children = await Sys.ActorSelection("/user/run-group/*").Ask<ActorIdentity>(new Identify(1), Bound);
        Assert.Null(children.Subject);
    }
}
