using System.Collections.Concurrent;
using Akka;
using Xunit.Abstractions;
using static Akka.Cluster.ClusterEvent;

namespace AkkaRunGroup.Cluster.Tests;

/// <summary>CoordinatedShutdown on one node of three: the group stops first, then the node leaves in Akka's phase order.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CoordinatedShutdownScenarioTests(ITestOutputHelper output) : ClusterTestKit(output)
{
    private sealed class TestReason : CoordinatedShutdown.Reason
    {
        public override int ExitCode => 0;
    }

    [Fact]
    public async Task CoordinatedShutdown_on_a_node_interrupts_its_group_with_the_reason_then_the_node_leaves_in_phase_order()
    {
        var (a, b, c) = await StartThreeNodesAsync();
        var steps = new ConcurrentQueue<string>();
        var shutdown = CoordinatedShutdown.Get(b.System);
        AddStep(shutdown, CoordinatedShutdown.PhaseClusterLeave, () => $"cluster-leave, group completed: {b.Result.IsCompleted}", steps);
        AddStep(shutdown, CoordinatedShutdown.PhaseClusterExiting, () => "cluster-exiting", steps);
        AddStep(shutdown, CoordinatedShutdown.PhaseActorSystemTerminate, () => "actor-system-terminate", steps);
        var removedOnA = WatchFor(a, b);
        var removedOnC = WatchFor(c, b);
        var reason = new TestReason();

        await shutdown.Run(reason).WaitAsync(Bound);
        var result = await b.Result.WaitAsync(Bound);
        await Task.WhenAll(removedOnA, removedOnC).WaitAsync(Bound);

        var error = Assert.IsType<CoordinatedShutdownException>(result.Error);
        Assert.Same(reason, error.Reason);
        Assert.Null(result.FirstExited);
        Assert.Same(error, await b.WorkerInterrupted.Task.WaitAsync(Bound));
        var cluster = result.Members.Single(m => m.Name == "cluster");
        Assert.True(cluster.Interrupted);
        Assert.Null(cluster.Error);
        Assert.Equal(["cluster-leave, group completed: True", "cluster-exiting", "actor-system-terminate"], steps);
        await AwaitMembersAsync([a, c], a, c);
    }

    private static void AddStep(CoordinatedShutdown shutdown, string phase, Func<string> step, ConcurrentQueue<string> steps) =>
        shutdown.AddTask(phase, $"record-{phase}", () =>
        {
            steps.Enqueue(step());
            return Task.FromResult(Done.Instance);
        });

    private Task WatchFor(TestNode observer, TestNode subject)
    {
        var probe = CreateTestProbe(observer.System);
        observer.Cluster.Subscribe(probe.Ref, SubscriptionInitialStateMode.InitialStateAsEvents, typeof(MemberRemoved));
        return probe.FishForMessageAsync<MemberRemoved>(e => e.Member.Address.Equals(subject.Address), Bound).AsTask();
    }
}
