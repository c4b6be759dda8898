using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Configuration;
using CsCheck;
using Xunit.Abstractions;

namespace AkkaRunGroup.Cluster.Tests.Reliability;

/// <summary>
/// Seeded random groups with a cluster member, each on its own single-node cluster on 127.0.0.1, ended first by a
/// random member, an outside cancellation or the node being made to leave. A failure names the CsCheck seed.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RandomClusterGroupTests(ITestOutputHelper output)
{
    /// <summary>A node joins and leaves in about a second: a few dozen groups keep the test under half a minute.</summary>
    private const int Groups = 24;

    private static readonly TimeSpan Bound = ClusterTestKit.Bound;

    private static readonly Config NodeConfig = ConfigurationFactory.ParseString("""
        akka {
          loglevel = OFF
          stdout-loglevel = OFF
          log-dead-letters = off
          actor.provider = cluster
          remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
          coordinated-shutdown.run-by-clr-shutdown-hook = off
          cluster {
            gossip-interval = 200ms
            leader-actions-interval = 200ms
            periodic-tasks-initial-delay = 100ms
          }
        }
        """);

    private static long _groups;

    private readonly ConcurrentDictionary<string, int> _coverage = new();

    [Fact]
    public async Task Random_cluster_groups_keep_every_rule_and_the_node_leaves()
    {
        var clock = Stopwatch.StartNew();
        await ClusterChaosModel.Groups.SampleAsync(RunAsync, writeLine: output.WriteLine, iter: Groups, threads: 2, print: g => g.ToString());
        output.WriteLine($"{Groups} random cluster groups passed in {clock.Elapsed.TotalSeconds:0.0} s");
        foreach (var (what, times) in _coverage.OrderBy(c => c.Key))
        {
            output.WriteLine($"  {what}: {times}");
        }
    }

    private async Task RunAsync(ClusterGroupSpec spec)
    {
        var system = ActorSystem.Create("cluster-chaos", NodeConfig);
        try
        {
            await RunOnAsync(system, spec);
        }
        finally
        {
            await system.Terminate().WaitAsync(Bound);
        }
    }

    private async Task RunOnAsync(ActorSystem system, ClusterGroupSpec spec)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        var others = spec.Others.Select((o, i) => new OtherRecord(o, $"o{i}")).ToArray();
        var triggerError = new InvalidOperationException("trigger fails");
        var group = new RunGroup($"cluster-chaos-{Interlocked.Increment(ref _groups)}");
        for (var i = 0; i <= others.Length; i++)
        {
            if (i == spec.ClusterAt)
            {
                group.AddClusterMember([cluster.SelfAddress], "cluster");
            }

            if (i < others.Length)
            {
                others[i].AddTo(group);
            }
        }

        if (spec.Trigger == ClusterTrigger.MemberExits)
        {
            group.Add(
                async token =>
                {
                    await WaitForTheMomentAsync(spec, up.Task).WaitAsync(token);
                    if (spec.TriggerFails)
                    {
                        throw triggerError;
                    }
                },
                name: "trigger");
        }

        using var cts = new CancellationTokenSource();
        var run = group.RunAsync(system, cts.Token);
        if (spec.Trigger != ClusterTrigger.MemberExits)
        {
            await WaitForTheMomentAsync(spec, up.Task).WaitAsync(Bound);
            if (spec.Trigger == ClusterTrigger.Cancel)
            {
                cts.Cancel();
            }
            else
            {
                cluster.Leave(cluster.SelfAddress);
            }
        }

        var result = await run.WaitAsync(Bound);
        var v = new List<string>();
        void Expect(bool ok, string violation)
        {
            if (!ok)
            {
                v.Add(violation);
            }
        }

        var member = result.Members.Single(m => m.Name == "cluster");
        switch (spec.Trigger)
        {
            case ClusterTrigger.MemberExits:
                Expect(result.FirstExited == "trigger" && ReferenceEquals(result.Error, spec.TriggerFails ? triggerError : null), $"first {result.FirstExited} with {result.Error}");
                Expect(member is { Error: null, Interrupted: true }, $"the interrupted cluster member: {member}");
                break;
            case ClusterTrigger.Cancel:
                Expect(result.FirstExited is null && result.Error is OperationCanceledException oce && oce.CancellationToken == cts.Token, $"first {result.FirstExited} with {result.Error}");
                Expect(member is { Error: null, Interrupted: true }, $"the interrupted cluster member: {member}");
                break;
            default:
                // Leaving runs CoordinatedShutdown, whose task may interrupt the group a moment before the member exits.
                Expect(
                    (result.FirstExited == "cluster" && ReferenceEquals(result.Error, member.Error))
                    || (result.FirstExited is null && result.Error is CoordinatedShutdownException),
                    $"first {result.FirstExited} with {result.Error}");
                Expect(member.Error is ClusterMembershipException { Reason: ClusterMembershipReason.Leaving or ClusterMembershipReason.Exiting or ClusterMembershipReason.Removed } e && e.Node == cluster.SelfAddress, $"the cluster member made to leave: {member}");
                break;
        }

        foreach (var other in others)
        {
            other.Check(result, v);
        }

        Expect(result.Members.All(m => m.Started && !m.Abandoned), $"members not started or abandoned: {result}");
        if (spec.AfterUp)
        {
            // The node left in CoordinatedShutdown, which terminates the ActorSystem: started by the interrupted
            // cluster member, or by the cluster for a node made to leave.
            Expect(await Task.WhenAny(system.WhenTerminated, Task.Delay(Bound)) == system.WhenTerminated, "the node never left the cluster");
            var reason = CoordinatedShutdown.Get(system).ShutdownReason;
            Expect(
                spec.Trigger == ClusterTrigger.LeaveFromOutside
                    ? reason is CoordinatedShutdown.ClusterLeavingReason
                    : reason is ClusterMemberInterruptedReason started && started.Group == group.Name && ReferenceEquals(started.Error, result.Error),
                $"the shutdown's reason: {reason}");
        }

        Count(spec, result);
        if (v.Count > 0)
        {
            throw new InvalidOperationException($"{string.Join("; ", v)} | result: {result}");
        }
    }

    /// <summary>The random moment of the first exit: once Up (or at once), then a delay that is part of the case, not a synchronisation.</summary>
    private static async Task WaitForTheMomentAsync(ClusterGroupSpec spec, Task up)
    {
        if (spec.AfterUp)
        {
            await up;
        }

        await Task.Delay(spec.DelayMs);
    }

    private void Count(ClusterGroupSpec spec, RunResult result)
    {
        void Add(string key) => _coverage.AddOrUpdate(key, 1, (_, c) => c + 1);
        Add($"{spec.Trigger}{(spec.AfterUp ? " after Up" : " at once")}");
        Add(result.Error is CoordinatedShutdownException ? "groups interrupted by CoordinatedShutdown first" : $"groups ended by {result.FirstExited ?? "the cancellation"}");
    }

    /// <summary>A member besides the cluster member, recording its interrupts.</summary>
    private sealed class OtherRecord(ClusterOtherSpec spec, string name)
    {
        private readonly ManualResetEventSlim _gate = new();
        private int _interrupts;
        private Exception? _interruptedWith;
        private Thread? _thread;

        public void AddTo(RunGroup group)
        {
            if (spec.Sync)
            {
                group.Add(
                    () => { _thread = Thread.CurrentThread; _gate.Wait(Bound); return null; },
                    error => { _interruptedWith = error; Interlocked.Increment(ref _interrupts); _gate.Set(); },
                    name);
            }
            else
            {
                group.Add(
                    token => Task.Delay(Timeout.Infinite, token),
                    error => { _interruptedWith = error; Interlocked.Increment(ref _interrupts); },
                    name);
            }
        }

        public void Check(RunResult result, List<string> v)
        {
            var outcome = result.Members.Single(m => m.Name == name);
            if (Volatile.Read(ref _interrupts) != 1 || !ReferenceEquals(_interruptedWith, result.Error) || !outcome.Interrupted)
            {
                v.Add($"{name}: interrupted {_interrupts} times with {_interruptedWith?.GetType().Name}, outcome {outcome}");
            }

            if (_thread is { IsAlive: true })
            {
                v.Add($"{name}: its execute thread is alive after the run");
            }
        }
    }
}
