using System.Diagnostics;
using Akka.Cluster;
using Akka.Event;
using Xunit.Abstractions;
using static Akka.Cluster.ClusterEvent;

namespace AkkaRunGroup.Cluster.Tests;

/// <summary>The three-node scenarios of a cluster member in a run group, on 127.0.0.1.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterScenarioTests(ITestOutputHelper output) : ClusterTestKit(output)
{
    [Fact]
    public async Task Interrupting_a_node_group_makes_the_node_leave_gracefully_and_the_others_see_it_removed()
    {
        var (a, b, c) = await StartThreeNodesAsync();
        var removedOnA = WatchFor<MemberRemoved>(a, b);
        var removedOnC = WatchFor<MemberRemoved>(c, b);

        var interruptedAt = Stopwatch.GetTimestamp();
        b.Interrupt();
        var result = await b.Result.WaitAsync(Bound);
        await Task.WhenAll(removedOnA, removedOnC).WaitAsync(Bound);
        Output.WriteLine($"MEASURED graceful leave, interrupt to Removed seen by A and C: {Stopwatch.GetElapsedTime(interruptedAt).TotalMilliseconds:0} ms");

        Assert.IsType<OperationCanceledException>(result.Error);
        Assert.Null(result.FirstExited);
        Assert.IsType<OperationCanceledException>(await b.WorkerInterrupted.Task.WaitAsync(Bound));
        var cluster = result.Members.Single(m => m.Name == "cluster");
        Assert.True(cluster.Interrupted);
        Assert.Null(cluster.Error);
        Assert.True(result.Members.Single(m => m.Name == "worker").Interrupted);
        await AwaitMembersAsync([a, c], a, c);
        Assert.False(a.Result.IsCompleted);
        Assert.False(c.Result.IsCompleted);
        var reason = Assert.IsType<ClusterMemberInterruptedReason>(CoordinatedShutdown.Get(b.System).ShutdownReason);
        Assert.Equal(("node-B", "cluster"), (reason.Group, reason.Member));
        Assert.Same(result.Error, reason.Error);
        await b.System.WhenTerminated.WaitAsync(Bound);
    }

    [Fact]
    public async Task With_the_shutdown_left_to_the_system_owner_an_interrupted_member_exits_and_the_node_stays_until_the_system_shuts_down()
    {
        var (a, b, c) = await StartThreeNodesAsync("akka.run-group.cluster.run-coordinated-shutdown-when-interrupted = off");

        b.Interrupt();
        var result = await b.Result.WaitAsync(Bound);

        var cluster = result.Members.Single(m => m.Name == "cluster");
        Assert.True(cluster.Interrupted);
        Assert.Null(cluster.Error);
        Assert.Null(CoordinatedShutdown.Get(b.System).ShutdownReason);
        await ExpectLogAsync(b, "stays a member until its ActorSystem shuts down");
        await AwaitMembersAsync([a, b, c], a, b, c);

        var removedOnA = WatchFor<MemberRemoved>(a, b);
        await CoordinatedShutdown.Get(b.System).Run(CoordinatedShutdown.ClrExitReason.Instance).WaitAsync(Bound);
        await removedOnA.WaitAsync(Bound);
        await AwaitMembersAsync([a, c], a, c);
    }

    [Fact]
    public async Task A_downed_node_exits_its_cluster_member_with_the_membership_error_and_stops_its_group()
    {
        var (a, b, c) = await StartThreeNodesAsync();

        a.Cluster.Down(b.Address);
        var result = await b.Result.WaitAsync(Bound);

        var error = Assert.IsType<ClusterMembershipException>(result.Members.Single(m => m.Name == "cluster").Error);
        Assert.Contains(error.Reason, new[] { ClusterMembershipReason.Downed, ClusterMembershipReason.Removed, ClusterMembershipReason.ClusterShutDown });
        Assert.Equal(b.Address, error.Node);
        Assert.Equal(MemberStatus.Up, error.LastStatus);
        // A downed node also runs CoordinatedShutdown, whose task may interrupt the group a moment before the member exits.
        if (result.FirstExited is null)
        {
            var shutdown = Assert.IsType<CoordinatedShutdownException>(result.Error);
            Assert.IsType<CoordinatedShutdown.ClusterDowningReason>(shutdown.Reason);
        }
        else
        {
            Assert.Equal("cluster", result.FirstExited);
            Assert.Same(error, result.Error);
        }

        Assert.Same(result.Error, await b.WorkerInterrupted.Task.WaitAsync(Bound));
        Assert.True(result.Members.Single(m => m.Name == "worker").Interrupted);
        await AwaitMembersAsync([a, c], a, c);
        Assert.False(a.Result.IsCompleted);
        Assert.False(c.Result.IsCompleted);
    }

    [Fact]
    public async Task A_node_made_to_leave_by_another_exits_its_cluster_member_with_the_membership_error()
    {
        var (a, b, c) = await StartThreeNodesAsync();

        a.Cluster.Leave(b.Address);
        var result = await b.Result.WaitAsync(Bound);

        var error = Assert.IsType<ClusterMembershipException>(result.Members.Single(m => m.Name == "cluster").Error);
        Assert.Contains(error.Reason, new[] { ClusterMembershipReason.Leaving, ClusterMembershipReason.Exiting });
        Assert.True(result.Members.Single(m => m.Name == "worker").Interrupted);
        await AwaitMembersAsync([a, c], a, c);
        Assert.False(a.Result.IsCompleted);
        Assert.False(c.Result.IsCompleted);
    }

    [Fact]
    public async Task A_crashed_node_is_downed_by_the_split_brain_resolver_and_the_others_keep_running()
    {
        var (a, b, c) = await StartThreeNodesAsync();
        var downedOnA = WatchFor<MemberDowned>(a, c);
        var removedOnA = WatchFor<MemberRemoved>(a, c);

        var crashedAt = Stopwatch.GetTimestamp();
        ((ExtendedActorSystem)c.System).Abort();
        await downedOnA.WaitAsync(Bound);
        Output.WriteLine($"MEASURED crash to Downed seen by A: {Stopwatch.GetElapsedTime(crashedAt).TotalMilliseconds:0} ms");
        await removedOnA.WaitAsync(Bound);
        Output.WriteLine($"MEASURED crash to Removed seen by A: {Stopwatch.GetElapsedTime(crashedAt).TotalMilliseconds:0} ms");

        await AwaitMembersAsync([a, b], a, b);
        Assert.False(a.Result.IsCompleted);
        Assert.False(b.Result.IsCompleted);
        // The crashed node's group ends with its ActorSystem.
        Assert.IsType<ActorSystemTerminatedException>((await c.Result.WaitAsync(Bound)).Error);
    }

    [Fact]
    public async Task The_node_lifecycle_appears_in_the_group_log_lines_with_the_node_address()
    {
        var (a, b, _) = await StartThreeNodesAsync();
        await ExpectLogAsync(b, $"node {b.Address} is Up");

        b.Interrupt();
        await b.Result.WaitAsync(Bound);

        await ExpectLogAsync(b, $"node {b.Address} hands its shards off and leaves the cluster: running CoordinatedShutdown");
        await ExpectLogAsync(b, $"node {b.Address} is Removed");
        a.Cluster.Down(a.Address);
        await ExpectLogAsync(a, $"node {a.Address} is Downed");
    }

    /// <summary>A task that completes when <paramref name="observer"/> publishes a <typeparamref name="T"/> for <paramref name="subject"/>.</summary>
    private Task WatchFor<T>(TestNode observer, TestNode subject)
        where T : IMemberEvent
    {
        var probe = CreateTestProbe(observer.System);
        observer.Cluster.Subscribe(probe.Ref, SubscriptionInitialStateMode.InitialStateAsEvents, typeof(T));
        return probe.FishForMessageAsync<T>(e => e.Member.Address.Equals(subject.Address), Bound).AsTask();
    }

    private static async Task ExpectLogAsync(TestNode node, string text)
    {
        await node.Logs.FishForMessageAsync<Info>(
            i => i.LogSource == "AkkaRunGroup.Cluster"
                && i.TryGetProperties(out var fields) && Equals(fields!["Group"], $"node-{node.Name}")
                && i.Message.ToString()!.Contains(text, StringComparison.Ordinal),
            Bound);
    }
}
