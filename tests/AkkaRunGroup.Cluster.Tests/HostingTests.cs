using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Akka;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.Extensions.DependencyInjection;
using AkkaRunGroup.Hosting;
using Microsoft.Extensions.Hosting;

namespace AkkaRunGroup.Cluster.Tests;

/// <summary>The cluster member on the ActorSystem of a real Microsoft.Extensions.Hosting host configured by Akka.Hosting.</summary>
[Collection(ClusterCollection.Name)]
public sealed class HostingTests
{
    [Fact]
    public async Task The_cluster_member_joins_and_leaves_on_the_ActorSystem_of_an_Akka_Hosting_host()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAkka(ClusterTestKit.SystemName, akka => akka
            .AddHocon(
                "akka.coordinated-shutdown.run-by-clr-shutdown-hook = off\nakka.cluster { gossip-interval = 200ms, leader-actions-interval = 200ms }",
                HoconAddMode.Prepend)
            .WithRemoting("127.0.0.1", 0)
            .WithClustering(new ClusterOptions()));
        using var host = builder.Build();
        await host.StartAsync().WaitAsync(ClusterTestKit.Bound);
        var system = host.Services.GetRequiredService<ActorSystem>();
        var cluster = Akka.Cluster.Cluster.Get(system);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        var removed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberRemoved(() => removed.TrySetResult());
        using var stop = new CancellationTokenSource();

        var run = new RunGroup("hosted")
            .AddClusterMember([cluster.SelfAddress])
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "worker")
            .RunAsync(system, stop.Token);
        await up.Task.WaitAsync(ClusterTestKit.Bound);
        // The cluster's read view of its own member may follow the Up callback by a moment on a loaded machine.
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (cluster.SelfMember.Status != MemberStatus.Up && deadline.Elapsed < ClusterTestKit.Bound)
        {
            await Task.Delay(20);
        }

        Assert.Equal(MemberStatus.Up, cluster.SelfMember.Status);
        stop.Cancel();
        var result = await run.WaitAsync(ClusterTestKit.Bound);

        var member = result.Members.Single(m => m.Name == "cluster");
        Assert.True(member.Interrupted);
        Assert.Null(member.Error);
        await removed.Task.WaitAsync(ClusterTestKit.Bound);
        await host.StopAsync().WaitAsync(ClusterTestKit.Bound);
    }

    [Fact]
    public async Task Under_WithRunGroup_the_member_joins_the_seeds_of_Akka_Cluster_Hosting_and_the_node_leaves_after_the_group_in_the_hosts_shutdown()
    {
        var port = FreeLoopbackPort();
        var steps = new ConcurrentQueue<string>();
        using var host = BuildClusterHost(port, group => group.AddClusterMember());
        await host.StartAsync().WaitAsync(ClusterTestKit.Bound);
        var system = host.Services.GetRequiredService<ActorSystem>();
        var handle = host.Services.GetRunGroup("node");
        await AwaitPhaseAsync(handle, RunGroupPhase.Running);
        var shutdown = CoordinatedShutdown.Get(system);
        shutdown.AddTask(CoordinatedShutdown.PhaseClusterLeave, "record", () =>
        {
            steps.Enqueue($"cluster-leave, group completed: {handle.Completion.IsCompleted}");
            return Task.FromResult(Done.Instance);
        });

        await host.StopAsync().WaitAsync(ClusterTestKit.Bound);

        var result = await handle.Completion.WaitAsync(ClusterTestKit.Bound);
        Assert.True(result.Members.Single(m => m.Name == "cluster") is { Interrupted: true, Error: null }, result.ToString());
        // The member left the shutdown to Akka.Hosting, which ran it once the host's services had stopped.
        Assert.IsNotType<ClusterMemberInterruptedReason>(shutdown.ShutdownReason);
        Assert.Equal(["cluster-leave, group completed: True"], steps);
        await system.WhenTerminated.WaitAsync(ClusterTestKit.Bound);
        Assert.Contains(Akka.Cluster.Cluster.Get(system).SelfMember.Status, new[] { MemberStatus.Exiting, MemberStatus.Removed });
    }

    [Fact]
    public async Task A_hosted_node_that_is_downed_stops_its_group_and_host_with_exit_code_1()
    {
        var before = Environment.ExitCode;
        try
        {
            using var host = BuildClusterHost(FreeLoopbackPort(), group => group.AddClusterMember());
            await host.StartAsync().WaitAsync(ClusterTestKit.Bound);
            var handle = host.Services.GetRunGroup("node");
            await AwaitPhaseAsync(handle, RunGroupPhase.Running);
            var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());
            var cluster = Akka.Cluster.Cluster.Get(host.Services.GetRequiredService<ActorSystem>());

            cluster.Down(cluster.SelfAddress);

            var result = await handle.Completion.WaitAsync(ClusterTestKit.Bound);
            await stopping.Task.WaitAsync(ClusterTestKit.Bound);
            Assert.True(
                result.Error is ClusterMembershipException { Reason: ClusterMembershipReason.Downed or ClusterMembershipReason.Removed or ClusterMembershipReason.ClusterShutDown }
                    or CoordinatedShutdownException { Reason: CoordinatedShutdown.ClusterDowningReason },
                result.ToString());
            Assert.Equal(1, Environment.ExitCode);
            await host.StopAsync().WaitAsync(ClusterTestKit.Bound);
        }
        finally
        {
            Environment.ExitCode = before;
        }
    }

    /// <summary>One node on 127.0.0.1:<paramref name="port"/>, its own seed, set up by Akka.Cluster.Hosting, running a group "node".</summary>
    private static IHost BuildClusterHost(int port, Func<RunGroup, RunGroup> members)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAkka(ClusterTestKit.SystemName, akka => akka
            .AddHocon("akka.cluster { gossip-interval = 200ms, leader-actions-interval = 200ms }", HoconAddMode.Prepend)
            .WithRemoting("127.0.0.1", port)
            .WithClustering(new ClusterOptions { SeedNodes = [$"akka.tcp://{ClusterTestKit.SystemName}@127.0.0.1:{port}"] })
            .WithRunGroup("node", (group, _, _) => members(group)));
        return builder.Build();
    }

    private static async Task AwaitPhaseAsync(RunGroupHandle handle, RunGroupPhase phase)
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (handle.State.Phase != phase)
        {
            Assert.True(deadline.Elapsed < ClusterTestKit.Bound, $"the group is {handle.State.Phase}, never {phase}");
            await Task.Delay(20);
        }
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
