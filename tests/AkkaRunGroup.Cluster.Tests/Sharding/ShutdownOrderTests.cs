using System.Diagnostics;
using Akka.Cluster.Sharding;
using Xunit.Abstractions;
using static Akka.Cluster.ClusterEvent;
using Kind = AkkaRunGroup.Cluster.Tests.Sharding.HandOffJournal.Kind;

namespace AkkaRunGroup.Cluster.Tests.Sharding;

/// <summary>
/// A node whose group stops hands its shards off while it is still Up, and only then leaves: three nodes, a shard
/// region on each, pings flowing to the entities of the node that stops, from the two others, all through its shutdown.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ShutdownOrderTests(ITestOutputHelper output) : ClusterTestKit(output)
{
    private const int Entities = 24;
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private readonly HandOffJournal _journal = new();

    public enum Stop
    {
        /// <summary>The group is interrupted from outside: its cluster member starts CoordinatedShutdown.</summary>
        GroupInterrupted,

        /// <summary>CoordinatedShutdown runs, as SIGTERM or a stopping host makes it: it interrupts the group.</summary>
        CoordinatedShutdown,
    }

    [Theory]
    [InlineData(Stop.GroupInterrupted)]
    [InlineData(Stop.CoordinatedShutdown)]
    public async Task A_stopping_node_hands_its_shards_off_before_the_others_see_it_leave_and_every_message_arrives(Stop how)
    {
        var (a, b, c) = await StartThreeNodesAsync();
        var regions = new Dictionary<TestNode, IActorRef>();
        foreach (var node in new[] { a, b, c })
        {
            regions[node] = await StartRegionAsync(node);
            node.System.ActorOf(Props.Create(() => new NodeObserver(_journal, b.Address)), "observer");
        }

        // The coordinator knows all three regions before any shard is allocated, so that B gets its share.
        await AwaitConditionAsync(
            async () => (await regions[a].Ask<CurrentRegions>(GetCurrentRegions.Instance, AskTimeout)).Regions.Count == 3,
            Bound,
            TimeSpan.FromMilliseconds(50));

        // Every entity answers once, so each shard has a home; the entities at home on B are the ones handed off.
        var ids = Enumerable.Range(0, Entities).Select(i => $"e{i}").ToArray();
        var homes = await Task.WhenAll(ids.Select(id => regions[a].Ask<OrderEntity.Pong>(new OrderEntity.Ping(id, 0), AskTimeout)));
        var onB = homes.Where(p => p.Node == b.Address.Port).Select(p => p.Entity).ToArray();
        Output.WriteLine($"{onB.Length} of {Entities} entities at home on B: {string.Join(", ", onB)}");
        Assert.NotEmpty(onB);

        // Pings to B's entities from A and C, one at a time per entity, through the whole shutdown.
        using var stopSending = new CancellationTokenSource();
        var senders = onB.Select((id, i) => SendUntilStopped(i % 2 == 0 ? regions[a] : regions[c], id, stopSending.Token)).ToArray();
        var removed = WatchRemoved(a, b);
        await Task.WhenAll(onB.Select(id => AwaitReceivedAsync(id, b, atLeast: 2)));

        var stoppedAt = Stopwatch.GetTimestamp();
        if (how == Stop.GroupInterrupted)
        {
            b.Interrupt();
        }
        else
        {
            _ = CoordinatedShutdown.Get(b.System).Run(CoordinatedShutdown.ClrExitReason.Instance);
        }

        var result = await b.Result.WaitAsync(Bound);
        await b.System.WhenTerminated.WaitAsync(Bound);
        await removed.WaitAsync(Bound);
        Output.WriteLine($"MEASURED stop to B removed as seen by A: {Stopwatch.GetElapsedTime(stoppedAt).TotalMilliseconds:0} ms");
        // Pings keep flowing until each entity has answered twice from its new home.
        await Task.WhenAll(onB.Select(id => AwaitReceivedAfterStopAsync(id, b)));
        await stopSending.CancelAsync();
        var sent = await Task.WhenAll(senders);

        Assert.True(result.Members.Single(m => m.Name == "cluster") is { Interrupted: true, Error: null }, result.ToString());
        var entries = _journal.Entries;
        var seenLeaving = entries.Where(e => e.What == Kind.SeenLeaving && e.Node != b.Address.Port).ToArray();
        Assert.Equal(2, seenLeaving.Length);
        var firstSeen = seenLeaving.Min(e => e.Order);
        foreach (var id in onB)
        {
            var stop = entries.SingleOrDefault(e => e.What == Kind.Stopped && e.Entity == id && e.Node == b.Address.Port);
            Assert.True(stop is not null, $"entity {id} never received its hand-off stop message on B");
            Assert.True(stop.Order < firstSeen, $"entity {id} was handed off after the others saw B leave ({seenLeaving[0].Detail}): {Describe(entries, id)}");
            Assert.DoesNotContain(entries, e => e.What == Kind.Received && e.Entity == id && e.Node == b.Address.Port && e.Order > stop.Order);
        }

        // Akka drops only what reached B's region while its shards were being handed off: at most the one ping in flight
        // to each entity, each ping sent again and answered from the entity's new home.
        var dropped = entries.Where(e => e.What == Kind.Dropped).Select(e => e.Detail).ToArray();
        Assert.All(dropped, d => Assert.Contains("Dropping [1] buffered messages", d, StringComparison.Ordinal));
        Assert.Equal(dropped.Length, dropped.Distinct().Count());
        Assert.True(sent.Sum(s => s.Retried.Count) >= dropped.Length, $"{dropped.Length} dropped, fewer retried");
        foreach (var entity in sent)
        {
            var received = entries.Where(e => e.What == Kind.Received && e.Entity == entity.Entity && e.Seq > 0).Select(e => e.Seq).ToArray();
            var acked = entity.Acked.Select(p => p.Seq).ToArray();
            // None lost: every ping sent was answered, in order, and arrived; only a ping sent again (a slow answer
            // on a loaded machine, or Akka's drop) may have arrived twice.
            Assert.Equal(Enumerable.Range(1, acked.Length).Select(i => (long)i), acked);
            Assert.Equal(acked, received.Distinct().Order());
            Assert.All(received.GroupBy(seq => seq).Where(g => g.Count() > 1), twice => Assert.Contains(twice.Key, entity.Retried));
        }

        Output.WriteLine(
            $"MEASURED {sent.Sum(s => s.Acked.Count)} pings answered, {sent.Sum(s => s.Acked.Count(p => p.Node != b.Address.Port))} from the entities' new homes; " +
            $"{dropped.Length} dropped by B's region during the hand-off, {sent.Sum(s => s.Retried.Count)} sent again");
    }

    private async Task<IActorRef> StartRegionAsync(TestNode node)
    {
        var sharding = ClusterSharding.Get(node.System);
        var settings = ClusterShardingSettings.Create(node.System);
        return await sharding.StartAsync(
            OrderEntity.TypeName,
            Props.Create(() => new OrderEntity(_journal)),
            settings,
            new OrderEntity.Extractor(),
            sharding.DefaultShardAllocationStrategy(settings),
            OrderEntity.HandOffStop.Instance);
    }

    /// <summary>
    /// Sends pings to one entity, each after the previous was answered, until <paramref name="stop"/>. A ping not
    /// answered in time is sent again, with the same number: Akka's hand-off drops the messages that reach the
    /// handing-off region between its BeginHandOff and its HandOff, so delivery through a hand-off is at least once.
    /// </summary>
    private static async Task<Sent> SendUntilStopped(IActorRef region, string id, CancellationToken stop)
    {
        var sent = new Sent(id);
        for (long seq = 1; !stop.IsCancellationRequested; seq++)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    sent.Acked.Add(await region.Ask<OrderEntity.Pong>(new OrderEntity.Ping(id, seq), RetryAfter));
                    break;
                }
                catch (AskTimeoutException) when (attempt < 3)
                {
                    sent.Retried.Add(seq);
                }
            }

            await Task.Delay(10, CancellationToken.None);
        }

        return sent;
    }

    private sealed record Sent(string Entity)
    {
        public List<OrderEntity.Pong> Acked { get; } = [];

        public List<long> Retried { get; } = [];
    }

    private Task AwaitReceivedAsync(string id, TestNode on, int atLeast) =>
        AwaitConditionAsync(
            () => Task.FromResult(_journal.Entries.Count(e => e.What == Kind.Received && e.Entity == id && e.Node == on.Address.Port && e.Seq > 0) >= atLeast),
            Bound,
            TimeSpan.FromMilliseconds(20));

    private Task AwaitReceivedAfterStopAsync(string id, TestNode stopped) =>
        AwaitConditionAsync(
            () =>
            {
                var entries = _journal.Entries;
                var stop = entries.FirstOrDefault(e => e.What == Kind.Stopped && e.Entity == id && e.Node == stopped.Address.Port);
                return Task.FromResult(stop is not null && entries.Count(e => e.What == Kind.Received && e.Entity == id && e.Order > stop.Order) >= 2);
            },
            Bound,
            TimeSpan.FromMilliseconds(20));

    private Task WatchRemoved(TestNode observer, TestNode subject)
    {
        var probe = CreateTestProbe(observer.System);
        observer.Cluster.Subscribe(probe.Ref, SubscriptionInitialStateMode.InitialStateAsEvents, typeof(MemberRemoved));
        return probe.FishForMessageAsync<MemberRemoved>(e => e.Member.Address.Equals(subject.Address), Bound).AsTask();
    }

    private static string Describe(IReadOnlyList<HandOffJournal.Entry> entries, string id)
    {
        var stop = entries.First(e => e.What == Kind.Stopped && e.Entity == id);
        var between = entries.Count(e => e.What == Kind.Received && e.Entity == id && e.Order < stop.Order && entries.Any(s => s.What == Kind.SeenLeaving && s.Order < e.Order));
        return string.Join(", ", entries.Where(e => e.What == Kind.SeenLeaving || e == stop).Select(e => $"#{e.Order} {e.What} {e.Entity}@{e.Node} {e.Detail}"))
            + $"; {between} pings reached {id} on the leaving node after it was seen leaving";
    }
}
