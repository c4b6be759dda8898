using System.Runtime.InteropServices;
using Akka.Actor;
using AkkaRunGroup.Hosting.Internal;

namespace AkkaRunGroup.Hosting.Tests.Internal;

/// <summary>Which errors count as a failure for the exit code.</summary>
public sealed class HostedGroupsTests
{
    private sealed class Reason : CoordinatedShutdown.Reason
    {
        public override int ExitCode => 0;
    }

    [Fact]
    public void Only_errors_that_are_not_a_stop_request_are_failures()
    {
        Assert.False(HostedGroups.IsFailure(null));
        Assert.False(HostedGroups.IsFailure(new SignalException(PosixSignal.SIGTERM)));
        Assert.False(HostedGroups.IsFailure(new OperationCanceledException()));
        Assert.False(HostedGroups.IsFailure(new TaskCanceledException()));
        Assert.False(HostedGroups.IsFailure(new CoordinatedShutdownException(new Reason(), "shutdown")));
        Assert.True(HostedGroups.IsFailure(new InvalidOperationException()));
        Assert.True(HostedGroups.IsFailure(new ActorSystemTerminatedException("terminated")));
    }

    [Fact]
    public void A_shutdown_the_cluster_ran_because_the_node_was_downed_or_could_not_join_is_a_failure()
    {
        Assert.True(HostedGroups.IsFailure(new CoordinatedShutdownException(CoordinatedShutdown.ClusterDowningReason.Instance, "downed")));
        Assert.True(HostedGroups.IsFailure(new CoordinatedShutdownException(CoordinatedShutdown.ClusterJoinUnsuccessfulReason.Instance, "no join")));
        Assert.False(HostedGroups.IsFailure(new CoordinatedShutdownException(CoordinatedShutdown.ClusterLeavingReason.Instance, "left")));
        Assert.False(HostedGroups.IsFailure(new CoordinatedShutdownException(CoordinatedShutdown.ClrExitReason.Instance, "SIGTERM")));
    }

    [Fact]
    public void The_drain_counts_against_the_hosts_shutdown_timeout()
    {
        var none = new RunGroupHostingOptions();
        var settings = RunGroupSettings.Create(Akka.Configuration.ConfigurationFactory.Empty);

        Assert.Equal(TimeSpan.FromSeconds(6), HostedGroups.InterruptTimeout(none, settings, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(4)));
        Assert.Equal(TimeSpan.FromSeconds(10), HostedGroups.InterruptTimeout(none, settings, TimeSpan.FromSeconds(10), TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromSeconds(3), HostedGroups.InterruptTimeout(new RunGroupHostingOptions { InterruptTimeout = TimeSpan.FromSeconds(3) }, settings, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(4)));
        Assert.Equal(Timeout.InfiniteTimeSpan, HostedGroups.InterruptTimeout(none, settings, Timeout.InfiniteTimeSpan, TimeSpan.FromSeconds(4)));
        Assert.Equal(TimeSpan.FromSeconds(2), HostedGroups.DrainDelay(new RunGroupHostingOptions { DrainDelay = TimeSpan.FromSeconds(2) }, settings));
        Assert.Equal(TimeSpan.Zero, HostedGroups.DrainDelay(none, settings));

        HostedGroups.ThrowIfTheDrainIsTooLong("g", TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(10));
        HostedGroups.ThrowIfTheDrainIsTooLong("g", TimeSpan.FromDays(1), Timeout.InfiniteTimeSpan);
        Assert.Throws<InvalidOperationException>(() => HostedGroups.ThrowIfTheDrainIsTooLong("g", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)));
    }
}
