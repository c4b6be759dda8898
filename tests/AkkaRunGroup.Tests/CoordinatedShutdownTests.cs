using Akka.Configuration;
using Xunit.Abstractions;

namespace AkkaRunGroup.Tests;

/// <summary>A running group and its ActorSystem's CoordinatedShutdown.</summary>
public sealed class CoordinatedShutdownTests(ITestOutputHelper output) : RunGroupTestKit(output)
{
    private sealed class TestReason : CoordinatedShutdown.Reason
    {
        public override int ExitCode => 0;
    }

    [Fact]
    public async Task CoordinatedShutdown_interrupts_the_group_with_its_reason_and_waits_for_it()
    {
        var system = ActorSystem.Create("cs-interrupts", ConfigurationFactory.ParseString("akka.loglevel = WARNING"));
        var started = BoundedWaits.NewTcs<bool>();
        var release = new ManualResetEventSlim();
        var memberReturned = false;
        var group = new RunGroup("cs")
            .Add(() => { started.TrySetResult(true); release.WaitBounded(); Volatile.Write(ref memberReturned, true); return null; }, _ => release.Set(), "slow");

        var run = group.RunAsync(system);
        await started.Task.Bounded();
        var reason = new TestReason();
        await CoordinatedShutdown.Get(system).Run(reason).Bounded();

        // The shutdown task waited for the group: it completed before the ActorSystem terminated.
        Assert.True(run.IsCompleted);
        Assert.True(Volatile.Read(ref memberReturned));
        var result = await run;
        var error = Assert.IsType<CoordinatedShutdownException>(result.Error);
        Assert.Same(reason, error.Reason);
        Assert.Contains("cs-interrupts", error.Message);
    }

    [Fact]
    public async Task A_group_started_while_CoordinatedShutdown_runs_is_interrupted_at_once()
    {
        var system = ActorSystem.Create("cs-already", ConfigurationFactory.ParseString("akka.loglevel = WARNING"));
        var shutdown = CoordinatedShutdown.Get(system);
        var holdShutdown = BoundedWaits.NewTcs<Akka.Done>();
        var shutdownStarted = BoundedWaits.NewTcs<bool>();
        shutdown.AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "hold", () =>
        {
            shutdownStarted.TrySetResult(true);
            return holdShutdown.Task;
        });
        var reason = new TestReason();
        var shutdownRun = shutdown.Run(reason);
        await shutdownStarted.Task.Bounded();

        var result = await new RunGroup().Add(token => Task.Delay(Timeout.Infinite, token)).RunAsync(system).Bounded();
        holdShutdown.TrySetResult(Akka.Done.Instance);
        await shutdownRun.Bounded();

        Assert.Same(reason, Assert.IsType<CoordinatedShutdownException>(result.Error).Reason);
    }

    [Fact]
    public async Task Completed_runs_leave_nothing_behind_for_CoordinatedShutdown()
    {
        var system = ActorSystem.Create("cs-harmless", ConfigurationFactory.ParseString("akka.loglevel = WARNING"));
        for (var i = 0; i < 50; i++)
        {
            Assert.Null((await new RunGroup().Add(_ => Task.CompletedTask).RunAsync(system).Bounded()).Error);
        }

        // Runs share one task per phase and leave the registry when they complete.
        await AwaitAssertAsync(() => Assert.Equal(0, AkkaRunGroup.Internal.ShutdownRegistry.Of(system).Count), Bound);
        await CoordinatedShutdown.Get(system).Run(new TestReason()).Bounded();
        Assert.True(system.WhenTerminated.IsCompleted);
    }

    [Fact]
    public async Task One_shutdown_task_interrupts_every_running_group_of_the_system()
    {
        var system = ActorSystem.Create("cs-many", ConfigurationFactory.ParseString("akka.loglevel = WARNING"));
        var started = new CountdownEvent(10);
        var runs = Enumerable.Range(0, 10)
            .Select(i => new RunGroup($"g{i}")
                .Add(async token => { started.Signal(); await Task.Delay(Timeout.Infinite, token); })
                .RunAsync(system))
            .ToList();
        Assert.True(started.Wait(Bound));

        var reason = new TestReason();
        await CoordinatedShutdown.Get(system).Run(reason).Bounded();
        var results = await Task.WhenAll(runs).Bounded();

        Assert.All(results, r => Assert.Same(reason, Assert.IsType<CoordinatedShutdownException>(r.Error).Reason));
    }

    [Fact]
    public async Task The_shutdown_phase_comes_from_settings_and_an_unknown_phase_is_a_configuration_error()
    {
        var system = ActorSystem.Create("cs-phase", ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.run-group.coordinated-shutdown.phase = no-such-phase
            """));
        try
        {
            var group = new RunGroup().Add(_ => Task.CompletedTask);
            var e = Assert.Throws<ConfigurationException>(() => { _ = group.RunAsync(system); });
            Assert.Contains("akka.run-group.coordinated-shutdown.phase", e.Message);
            Assert.Contains("no-such-phase", e.Message);
            Assert.Equal("before-service-unbind", RunGroupSettings.Create(Config.Empty).CoordinatedShutdownPhase);
            Assert.Equal("service-stop", RunGroupSettings.Create(
                ConfigurationFactory.ParseString("akka.run-group.coordinated-shutdown.phase = service-stop")).CoordinatedShutdownPhase);
        }
        finally
        {
            await system.Terminate().Bounded();
        }
    }

    [Fact]
    public async Task Run_on_exit_runs_CoordinatedShutdown_when_the_group_completes()
    {
        var system = ActorSystem.Create("cs-run-on-exit", ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.run-group.coordinated-shutdown.run-on-exit = on
            """));
        var result = await new RunGroup("exits").Add(_ => Task.CompletedTask).RunAsync(system).Bounded();

        await system.WhenTerminated.Bounded();

        var reason = Assert.IsType<RunGroupCompletedReason>(CoordinatedShutdown.Get(system).ShutdownReason);
        Assert.Same(result, reason.Result);
    }

    [Fact]
    public async Task Without_run_on_exit_the_system_outlives_the_group()
    {
        await new RunGroup().Add(_ => Task.CompletedTask).RunAsync(Sys).Bounded();

        Assert.False(RunGroupSettings.Create(Sys).RunCoordinatedShutdownOnExit);
        Assert.Null(CoordinatedShutdown.Get(Sys).ShutdownReason);
        Assert.False(Sys.WhenTerminated.IsCompleted);
    }

    [Fact]
    public void A_bad_run_on_exit_value_is_a_configuration_error_naming_the_key()
    {
        var e = Assert.Throws<ConfigurationException>(() => RunGroupSettings.Create(
            ConfigurationFactory.ParseString("akka.run-group.coordinated-shutdown.run-on-exit = maybe")));
        Assert.Contains("akka.run-group.coordinated-shutdown.run-on-exit", e.Message);
    }
}
