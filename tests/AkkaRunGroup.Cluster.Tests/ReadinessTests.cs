using Xunit.Abstractions;

namespace AkkaRunGroup.Cluster.Tests;

/// <summary>A group with a cluster member is Running (ready) only once its node is Up.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ReadinessTests(ITestOutputHelper output) : ClusterTestKit(output)
{
    [Fact]
    public async Task The_group_stays_Starting_until_its_node_is_Up_then_is_Running()
    {
        var node = CreateNode("self-joining");
        // No seed nodes: the member waits for a Cluster.Join, so the node cannot be Up before the test says so.
        _ = node.Run([]);
        await AwaitAssertAsync(() => Assert.Equal(RunGroupPhase.Starting, node.Group.State.Phase), Bound);
        Assert.False(node.Up.IsCompleted);

        node.Cluster.Join(node.Address);
        await node.Up.WaitAsync(Bound);
        await AwaitAssertAsync(() => Assert.Equal(RunGroupPhase.Running, node.Group.State.Phase), Bound);

        node.Interrupt();
        var result = await node.Result.WaitAsync(Bound);
        Assert.Null(result.Members.Single(m => m.Name == "cluster").Error);
    }
}
