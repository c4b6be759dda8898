using Xunit.Abstractions;

namespace AkkaRunGroup.ClusterService.Tests;

/// <summary>
/// Everything a rollout test needs, started together and cleaned up together: the three-node <see cref="ServiceCluster"/>,
/// its <see cref="ServiceEndpoints"/>, the <see cref="LoadClient"/> and its <see cref="LoadLedger"/>, the
/// <see cref="RollingUpdate"/> and <see cref="NodeCrash"/> drivers. Disposing stops the load, kills every node, deletes the
/// database and writes the whole timeline (the harness's events and every node's output, merged) to the test output.
/// </summary>
public sealed class RolloutScenario : IAsyncDisposable
{
    /// <summary>The bound on the three first nodes becoming ready.</summary>
    public static readonly TimeSpan StartBound = TimeSpan.FromSeconds(90);

    /// <summary>The text of Akka's sharding warning when a region drops the messages it buffered for a shard handed off.</summary>
    public const string DroppedBufferedMessages = "buffered messages to shard";

    /// <summary>The phases named so are crashes: failed requests are expected in them.</summary>
    public const string CrashPhase = "crash";

    private readonly ITestOutputHelper _output;

    private RolloutScenario(ITestOutputHelper output, int counters, int perSecond)
    {
        _output = output;
        Cluster = new ServiceCluster(Timeline);
        Endpoints = new ServiceEndpoints(Cluster.Nodes, Cluster.Http, Timeline);
        Ids = [.. Enumerable.Range(1, counters).Select(i => $"c{i:00}")];
        Load = new LoadClient(Endpoints, Ledger, Timeline, Ids, perSecond);
        Rollout = new RollingUpdate(Cluster, Endpoints);
        Crash = new NodeCrash(Cluster, Endpoints, Load, Ids);
    }

    /// <summary>The scenario's clock and its events.</summary>
    public Timeline Timeline { get; } = new();

    /// <summary>The three nodes.</summary>
    public ServiceCluster Cluster { get; }

    /// <summary>Which nodes receive traffic.</summary>
    public ServiceEndpoints Endpoints { get; }

    /// <summary>The counters the load is spread over.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>Every increment sent and how it ended.</summary>
    public LoadLedger Ledger { get; } = new();

    /// <summary>The steady stream of increments.</summary>
    public LoadClient Load { get; }

    /// <summary>Replaces nodes one at a time.</summary>
    public RollingUpdate Rollout { get; }

    /// <summary>Kills a node and watches the recovery.</summary>
    public NodeCrash Crash { get; }

    /// <summary>
    /// Starts the three nodes, waits until they are ready and in the endpoints, then starts the load: <paramref name="perSecond"/>
    /// increments a second over <paramref name="counters"/> counters.
    /// </summary>
    public static async Task<RolloutScenario> Start(ITestOutputHelper output, int counters = 30, int perSecond = 30)
    {
        var scenario = new RolloutScenario(output, counters, perSecond);
        try
        {
            await scenario.Cluster.StartAll(StartBound);
            await scenario.UntilEndpointsHold(scenario.Cluster.Nodes.Count);
            await scenario.WarmUp(counters, perSecond);
            scenario.BeginPhase("before the rollout");
            scenario.Timeline.Note($"all {scenario.Cluster.Nodes.Count} nodes ready; load starts: {perSecond} increments/s over {counters} counters");
            scenario.Load.Start();
            return scenario;
        }
        catch
        {
            await scenario.DisposeAsync();
            throw;
        }
    }

    /// <summary>Whether failed requests are expected in <paramref name="phase"/>: a crash.</summary>
    public static bool IsCrash(string phase) => phase.StartsWith(CrashPhase, StringComparison.Ordinal);

    /// <summary>Whether <paramref name="increment"/> overlapped a crash, so that its failure is expected.</summary>
    public bool OverlapsACrash(LoadLedger.Increment increment) => Ledger.PhasesOverlapping(increment).Any(IsCrash);

    /// <summary>The audit of the warm-up's own counters: printed, not asserted (see <see cref="WarmUp"/>).</summary>
    public IReadOnlyList<CounterAudit.Counter> WarmUpAudit { get; private set; } = [];

    /// <summary>The figures of the warm-up's load.</summary>
    public IReadOnlyList<LoadLedger.PhaseFigures> WarmUpFigures { get; private set; } = [];

    /// <summary>Sets the phase that new increments are counted in, and notes it.</summary>
    public void BeginPhase(string phase)
    {
        Ledger.BeginPhase(phase, Timeline.Now);
        Timeline.Note($"phase: {phase}");
    }

    /// <summary>Waits until <paramref name="count"/> more increments have been acknowledged: the load flows (bounded).</summary>
    public async Task UntilAcknowledged(int count)
    {
        var target = Ledger.Acknowledged.Count + count;
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (Ledger.Acknowledged.Count < target)
        {
            await Task.Delay(100, bound.Token);
        }
    }

    /// <summary>
    /// Waits until an increment is acknowledged by a counter running on <paramref name="node"/>'s current incarnation:
    /// sharding has begun to move shards to it (bounded).
    /// </summary>
    public async Task UntilACounterRunsOn(ServiceNode node)
    {
        var since = Timeline.Now;
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!Ledger.Increments.Any(i => i.Acknowledgement is { } a && a.At >= since && a.EntityNode == node.AkkaAddress))
        {
            await Task.Delay(50, bound.Token);
        }

        Timeline.Note($"{node.Current.Name}: hosts a counter (shards are moving to it)");
    }

    /// <summary>Waits until <paramref name="count"/> nodes are in the endpoints (bounded).</summary>
    public async Task UntilEndpointsHold(int count)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (Endpoints.Ready.Count < count)
        {
            await Task.Delay(100, bound.Token);
        }
    }

    /// <summary>Stops the load, waits for the increments in flight, and audits every counter.</summary>
    public async Task<IReadOnlyList<CounterAudit.Counter>> StopLoadAndAudit()
    {
        await Load.StopAsync();
        Timeline.Note("load stopped");
        var audit = await CounterAudit.Run(Cluster, Endpoints, Ids, Ledger, OverlapsACrash);
        Timeline.Note("counters audited");
        return audit;
    }

    /// <summary>
    /// Sends the same load to counters of its own until each has acknowledged an increment, so that the rollout starts
    /// on a warm service, as it does in production: a node's first writes to the journal (its first entities, their
    /// recovery, the code paths compiled for the first time) can be slower than the service's own timeout.
    /// </summary>
    private async Task WarmUp(int counters, int perSecond)
    {
        BeginPhase("warm-up");
        var ledger = new LoadLedger();
        ledger.BeginPhase("warm-up", Timeline.Now);
        IReadOnlyList<string> ids = [.. Enumerable.Range(1, counters).Select(i => $"warm-{i:00}")];
        await using (var warmUp = new LoadClient(Endpoints, ledger, Timeline, ids, perSecond))
        {
            warmUp.Start();
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            while (ledger.Acknowledged.Select(a => a.Id).Distinct().Count() < ids.Count)
            {
                await Task.Delay(100, bound.Token);
            }

            await warmUp.StopAsync();
        }

        WarmUpFigures = ledger.Figures(_ => false);
        WarmUpAudit = await CounterAudit.Run(Cluster, Endpoints, ids, ledger, _ => false);
        Timeline.Note("warm-up done: every warm-up counter acknowledged an increment");
    }

    /// <summary>Every line, of every incarnation of every node, that reports Akka dropping buffered messages at a handoff.</summary>
    public IReadOnlyList<string> DroppedBufferedMessageLines() =>
        [.. Cluster.Nodes.SelectMany(n => n.Incarnations).SelectMany(p => p.Lines).Where(l => l.Contains(DroppedBufferedMessages, StringComparison.Ordinal))];

    /// <summary>Writes a figure to the test output at once (the timeline comes at the end).</summary>
    public void Print(string text) => _output.WriteLine(text);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Load.DisposeAsync();
        }
        finally
        {
            await Endpoints.DisposeAsync();
            Cluster.Dispose();
            _output.WriteLine("");
            _output.WriteLine("timeline (harness events and node output, merged):");
            foreach (var line in Timeline.Notes.Concat(Cluster.Nodes.SelectMany(n => n.Incarnations).SelectMany(p => p.Lines)).OrderBy(l => l[.."[000.000]".Length], StringComparer.Ordinal))
            {
                _output.WriteLine(line);
            }
        }
    }
}
