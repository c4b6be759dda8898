using System.Net;
using System.Net.Sockets;
using Akka.Configuration;
using Xunit.Abstractions;

namespace AkkaRunGroup.Cluster.Tests;

[Collection(ClusterCollection.Name)]
public sealed class JoinTimeoutTests(ITestOutputHelper output) : ClusterTestKit(output)
{
    [Fact]
    public async Task With_no_seed_reachable_the_member_exits_after_the_join_timeout_naming_the_seeds_it_tried()
    {
        var node = CreateNode("lonely");
        var seed = new Address("akka.tcp", SystemName, "127.0.0.1", FreeLoopbackPort());

        var result = await node.Run([seed], o => o.JoinTimeout = TimeSpan.FromSeconds(2)).WaitAsync(Bound);

        Assert.Equal("cluster", result.FirstExited);
        var error = Assert.IsType<ClusterMembershipException>(result.Error);
        Assert.Equal(ClusterMembershipReason.JoinTimedOut, error.Reason);
        Assert.Null(error.LastStatus);
        Assert.Equal([seed], error.SeedNodes);
        Assert.Contains(seed.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("akka.run-group.cluster.join-timeout", error.Message, StringComparison.Ordinal);
        Assert.Same(error, await node.WorkerInterrupted.Task.WaitAsync(Bound));
    }

    [Fact]
    public async Task The_join_timeout_comes_from_the_configuration_when_no_option_sets_it()
    {
        var node = CreateNode("configured", "akka.run-group.cluster.join-timeout = 1s");
        var seed = new Address("akka.tcp", SystemName, "127.0.0.1", FreeLoopbackPort());

        var result = await node.Run([seed]).WaitAsync(Bound);

        Assert.Equal(ClusterMembershipReason.JoinTimedOut, Assert.IsType<ClusterMembershipException>(result.Error).Reason);
    }

    [Fact]
    public async Task Interrupted_before_joining_the_member_exits_cleanly_at_once()
    {
        var node = CreateNode("never-joined");
        var seed = new Address("akka.tcp", SystemName, "127.0.0.1", FreeLoopbackPort());
        var run = node.Run([seed]);

        node.Interrupt();
        var result = await run.WaitAsync(Bound);

        var cluster = result.Members.Single(m => m.Name == "cluster");
        Assert.True(cluster.Interrupted);
        Assert.Null(cluster.Error);
    }

    [Fact]
    public async Task A_bad_setting_makes_the_member_exit_with_a_configuration_error_naming_the_key()
    {
        var node = CreateNode("misconfigured", "akka.run-group.cluster.join-timeout = -1s");

        var result = await node.Run([node.Address]).WaitAsync(Bound);

        var error = Assert.IsType<ConfigurationException>(result.Error);
        Assert.Contains("akka.run-group.cluster.join-timeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_an_ActorSystem_without_the_cluster_provider_the_member_exits_with_Akkas_configuration_error()
    {
        var result = await new RunGroup("local").AddClusterMember().RunAsync(Sys).WaitAsync(Bound);

        Assert.Equal("cluster", result.FirstExited);
        Assert.IsType<ConfigurationException>(result.Error);
    }

    /// <summary>A loopback port nothing listens on: bound by the OS, then released.</summary>
    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
