using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.Extensions.DependencyInjection;
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
}
