namespace AkkaRunGroup.ClusterService.Tests;

/// <summary>
/// The ready endpoints of the service, as a Kubernetes Service keeps them: each node's readiness is probed every
/// 200 ms, and only nodes whose last probe passed receive traffic. A node that is draining (503), stopped (connection
/// refused) or slow (no answer within a second) drops out until a probe passes again.
/// </summary>
/// <remarks>
/// One probing loop per node writes that node's flag; any thread reads them. <see cref="DisposeAsync"/> stops the
/// loops and waits for them.
/// </remarks>
public sealed class ServiceEndpoints : IAsyncDisposable
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(200);

    private readonly IReadOnlyList<ServiceNode> _nodes;
    private readonly bool[] _ready;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _probing;
    private int _turn;

    /// <summary>Starts probing every node of <paramref name="nodes"/>.</summary>
    public ServiceEndpoints(IReadOnlyList<ServiceNode> nodes, HttpClient http, Timeline timeline)
    {
        _nodes = nodes;
        _ready = new bool[nodes.Count];
        _probing = Task.WhenAll(nodes.Select((node, i) => Task.Run(() => Probe(node, i, http, timeline))));
    }

    /// <summary>The nodes whose last readiness probe passed.</summary>
    public IReadOnlyList<ServiceNode> Ready => [.. _nodes.Where((_, i) => Volatile.Read(ref _ready[i]))];

    /// <summary>Whether <paramref name="node"/>'s last readiness probe passed.</summary>
    public bool IsReady(ServiceNode node) => Volatile.Read(ref _ready[IndexOf(node)]);

    /// <summary>The next ready node in turn, other than <paramref name="except"/>; null when there is none.</summary>
    public ServiceNode? Next(ServiceNode? except = null)
    {
        var candidates = Ready.Where(n => n != except).ToList();
        return candidates.Count == 0 ? null : candidates[(int)((uint)Interlocked.Increment(ref _turn) % candidates.Count)];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _probing;
        _stop.Dispose();
    }

    private int IndexOf(ServiceNode node)
    {
        for (var i = 0; i < _nodes.Count; i++)
        {
            if (_nodes[i] == node)
            {
                return i;
            }
        }

        throw new ArgumentException($"{node.Name} is not one of the service's nodes", nameof(node));
    }

    private async Task Probe(ServiceNode node, int index, HttpClient http, Timeline timeline)
    {
        using var ticks = new PeriodicTimer(ProbeInterval);
        try
        {
            do
            {
                var (ready, answer) = await node.Probe(http, _stop.Token);
                if (ready != Volatile.Read(ref _ready[index]))
                {
                    Volatile.Write(ref _ready[index], ready);
                    timeline.Note($"endpoints: {node.Name} {(ready ? "added" : "removed")} (readiness: {answer})");
                }
            }
            while (await ticks.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }
}
