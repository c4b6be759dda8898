using System.Net;
using System.Net.Sockets;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace AkkaRunGroup.Cluster.Tests;

/// <summary>
/// A TestKit (its own system is local: probes and AwaitAssert) that starts cluster nodes on 127.0.0.1 with short
/// gossip, failure-detector and split-brain-resolver intervals, so that a scenario takes seconds.
/// </summary>
public abstract class ClusterTestKit : TestKit, IAsyncLifetime
{
    /// <summary>The bound on every wait: never reached on a slow machine, short enough to report a hang.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>A loopback port nothing listens on: bound by the OS, then released.</summary>
    public static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>The name every node's ActorSystem shares, as the members of one cluster must.</summary>
    public const string SystemName = "cluster-test";

    private static readonly Config NodeConfig = ConfigurationFactory.ParseString("""
        akka {
          loglevel = INFO
          actor.provider = cluster
          remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
          coordinated-shutdown.run-by-clr-shutdown-hook = off
          cluster {
            downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
            split-brain-resolver { active-strategy = keep-majority, stable-after = 2s }
            gossip-interval = 200ms
            leader-actions-interval = 200ms
            unreachable-nodes-reaper-interval = 250ms
            periodic-tasks-initial-delay = 100ms
            retry-unsuccessful-join-after = 1s
            # Generous enough that a loaded 2-core machine does not make a live node look unreachable.
            failure-detector { heartbeat-interval = 250ms, acceptable-heartbeat-pause = 3s }
          }
        }
        """);

    private readonly List<TestNode> _nodes = [];

    protected ClusterTestKit(ITestOutputHelper output)
        : base("akka.loglevel = INFO", output)
    {
    }

    /// <summary>Creates a node's ActorSystem (bound to 127.0.0.1 on a free port); run its group with <see cref="TestNode.Run"/>.</summary>
    protected TestNode CreateNode(string name, string? extraConfig = null)
    {
        var config = extraConfig is null ? NodeConfig : ConfigurationFactory.ParseString(extraConfig).WithFallback(NodeConfig);
        var node = new TestNode(name, ActorSystem.Create(SystemName, config), this, Output!);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Creates and runs three nodes that join through the first, and waits until each sees all three Up.</summary>
    protected async Task<(TestNode A, TestNode B, TestNode C)> StartThreeNodesAsync(string? extraConfig = null)
    {
        var a = CreateNode("A", extraConfig);
        var b = CreateNode("B", extraConfig);
        var c = CreateNode("C", extraConfig);
        Address[] seeds = [a.Address];
        foreach (var node in new[] { a, b, c })
        {
            _ = node.Run(seeds);
        }

        foreach (var node in new[] { a, b, c })
        {
            await node.Up.WaitAsync(Bound);
        }

        await AwaitMembersAsync([a, b, c], a, b, c);
        foreach (var node in new[] { a, b, c })
        {
            Output.WriteLine($"MEASURED join-to-Up of node {node.Name}: {node.JoinToUp.TotalMilliseconds:0} ms");
        }

        return (a, b, c);
    }

    /// <summary>Waits until each of <paramref name="observers"/> sees exactly <paramref name="expected"/>, all Up and reachable.</summary>
    protected Task AwaitMembersAsync(TestNode[] observers, params TestNode[] expected) =>
        AwaitAssertAsync(
            () =>
            {
                foreach (var observer in observers)
                {
                    var state = observer.Cluster.State;
                    Assert.Equal(
                        expected.Select(n => n.Address).OrderBy(a => a.Port),
                        state.Members.Where(m => m.Status == Akka.Cluster.MemberStatus.Up).Select(m => m.Address).OrderBy(a => a.Port));
                    Assert.Equal(expected.Length, state.Members.Count);
                    Assert.Empty(state.Unreachable);
                }
            },
            Bound,
            TimeSpan.FromMilliseconds(100));

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    /// <summary>Ends every node's run and system (xunit calls it before the TestKit's own Dispose).</summary>
    async Task IAsyncLifetime.DisposeAsync()
    {
        await Task.WhenAll(_nodes.Select(n => n.DisposeAsync().AsTask()));
    }
}
