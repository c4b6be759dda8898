using Akka.Configuration;

namespace AkkaRunGroup.Cluster.Tests;

public sealed class ClusterMemberSettingsTests
{
    [Fact]
    public void Defaults_come_from_the_reference_configuration()
    {
        var settings = ClusterMemberSettings.Create(Config.Empty);

        Assert.Equal(TimeSpan.FromSeconds(60), settings.JoinTimeout);
        Assert.True(settings.RunCoordinatedShutdownWhenInterrupted);
    }

    [Fact]
    public void A_configuration_overrides_only_the_keys_it_names()
    {
        var settings = ClusterMemberSettings.Create(ConfigurationFactory.ParseString("akka.run-group.cluster.run-coordinated-shutdown-when-interrupted = off"));

        Assert.Equal(TimeSpan.FromSeconds(60), settings.JoinTimeout);
        Assert.False(settings.RunCoordinatedShutdownWhenInterrupted);
    }

    [Theory]
    [InlineData("join-timeout", "0s")]
    [InlineData("join-timeout", "-3s")]
    [InlineData("join-timeout", "abc")]
    [InlineData("join-timeout", "infinite")]
    [InlineData("run-coordinated-shutdown-when-interrupted", "banana")]
    public void A_bad_value_throws_a_configuration_exception_naming_the_key(string key, string value)
    {
        var config = ConfigurationFactory.ParseString($"akka.run-group.cluster.{key} = {value}");

        var error = Assert.Throws<ConfigurationException>(() => ClusterMemberSettings.Create(config));

        Assert.Contains($"akka.run-group.cluster.{key} = {value}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_are_validated_when_the_member_is_added()
    {
        var group = new RunGroup();

        Assert.Throws<ArgumentException>(() => group.AddClusterMember(o => o.JoinTimeout = TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => group.AddClusterMember(o => o.SeedNodes = [null!]));
        Assert.Throws<ArgumentException>(() => group.AddClusterMember(name: ""));
        group.AddClusterMember();
        Assert.Throws<ArgumentException>(() => group.AddClusterMember());
        Assert.Equal(1, group.Count);
    }
}
