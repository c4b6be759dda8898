using Akka.Configuration;
using Xunit.Abstractions;

namespace AkkaRunGroup.Tests;

public sealed class RunGroupSettingsTests(ITestOutputHelper output) : RunGroupTestKit(output)
{
    [Fact]
    public void Defaults_come_from_the_embedded_reference_conf()
    {
        var settings = RunGroupSettings.Create(ConfigurationFactory.Empty);

        Assert.Equal(Timeout.InfiniteTimeSpan, settings.InterruptTimeout);
        Assert.Equal("", settings.Dispatcher);
        Assert.Equal("infinite", RunGroupSettings.DefaultConfig().GetString("akka.run-group.interrupt-timeout"));
    }

    [Fact]
    public void A_system_only_overrides_the_keys_it_names()
    {
        var settings = RunGroupSettings.Create(ConfigurationFactory.ParseString("akka.run-group.interrupt-timeout = 5s"));

        Assert.Equal(TimeSpan.FromSeconds(5), settings.InterruptTimeout);
        Assert.Equal("", settings.Dispatcher);
    }

    [Fact]
    public void Reading_a_systems_settings_injects_the_defaults_as_fallback()
    {
        RunGroupSettings.Create(Sys);

        Assert.Equal("infinite", Sys.Settings.Config.GetString("akka.run-group.interrupt-timeout"));
    }

    [Fact]
    public async Task A_system_that_sets_every_user_facing_key_still_gets_the_internal_defaults()
    {
        using var system = ActorSystem.Create("all-keys", ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.run-group { interrupt-timeout = 5s, use-dispatcher = group-dispatcher, interrupt-order = concurrent }
            group-dispatcher { type = Dispatcher, throughput = 1 }
            """));

        var result = await new RunGroup().Add(() => new Exception("ran"), _ => { }).RunAsync(system).Bounded();

        Assert.Equal("ran", result.Error!.Message);
        await system.Terminate().Bounded();
    }

    [Fact]
    public void The_drain_delay_defaults_to_none_and_reads_a_duration()
    {
        Assert.Equal(TimeSpan.Zero, RunGroupSettings.Create(ConfigurationFactory.Empty).DrainDelay);
        Assert.Equal(
            TimeSpan.FromSeconds(2),
            RunGroupSettings.Create(ConfigurationFactory.ParseString("akka.run-group.drain-delay = 2s")).DrainDelay);
    }

    [Theory]
    [InlineData("-1s")]
    [InlineData("abc")]
    [InlineData("infinite")]
    [InlineData("2d")]
    public async Task A_bad_drain_delay_fails_RunAsync_with_a_ConfigurationException_naming_the_key(string value)
    {
        using var system = ActorSystem.Create("bad-drain", ConfigurationFactory.ParseString($"akka.run-group.drain-delay = {value}"));
        var group = new RunGroup().Add(_ => Task.CompletedTask);

        var error = Assert.Throws<ConfigurationException>(() => { _ = group.RunAsync(system); });

        Assert.Contains("akka.run-group.drain-delay", error.Message);
        Assert.Contains(value, error.Message);
        Assert.Null((await group.RunAsync(Sys).Bounded()).Error);
        await system.Terminate().Bounded();
    }

    [Theory]
    [InlineData("-3s")]
    [InlineData("abc")]
    [InlineData("0s")]
    public async Task A_bad_interrupt_timeout_fails_RunAsync_with_a_ConfigurationException_naming_the_key(string value)
    {
        using var system = ActorSystem.Create("bad", ConfigurationFactory.ParseString($"akka.run-group.interrupt-timeout = {value}"));
        var group = new RunGroup().Add(_ => Task.CompletedTask);

        var error = Assert.Throws<ConfigurationException>(() => { _ = group.RunAsync(system); });

        Assert.Contains("akka.run-group.interrupt-timeout", error.Message);
        Assert.Contains(value, error.Message);
        // Nothing ran: the group can still run on a valid system.
        Assert.Null((await group.RunAsync(Sys).Bounded()).Error);
        await system.Terminate().Bounded();
    }

    [Fact]
    public async Task An_unknown_dispatcher_fails_RunAsync_with_a_ConfigurationException_naming_the_key()
    {
        using var system = ActorSystem.Create("bad", ConfigurationFactory.ParseString("akka.run-group.use-dispatcher = no-such-dispatcher"));

        var error = Assert.Throws<ConfigurationException>(() => { _ = new RunGroup().Add(_ => Task.CompletedTask).RunAsync(system); });

        Assert.Contains("akka.run-group.use-dispatcher", error.Message);
        await system.Terminate().Bounded();
    }

    [Fact]
    public async Task A_configured_dispatcher_runs_the_groups_actors()
    {
        using var system = ActorSystem.Create("dispatched", ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.run-group.use-dispatcher = group-dispatcher
            group-dispatcher { type = Dispatcher, throughput = 5 }
            """));
        var result = await new RunGroup().Add(() => new Exception("ran"), _ => { }).RunAsync(system).Bounded();

        Assert.Equal("ran", result.Error!.Message);
        await system.Terminate().Bounded();
    }
}
