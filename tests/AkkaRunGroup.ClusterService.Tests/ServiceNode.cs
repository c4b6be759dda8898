using System.Net;

namespace AkkaRunGroup.ClusterService.Tests;

/// <summary>
/// One node of the service as Kubernetes sees a StatefulSet's pod: a fixed name, fixed loopback ports (HTTP and Akka
/// remoting) and a fixed set of flags, run by one process at a time. Replacing the node starts a new incarnation of it
/// on the same ports and the same database.
/// </summary>
/// <remarks>Disposing kills every incarnation still running.</remarks>
public sealed class ServiceNode : IDisposable
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReadyPollInterval = TimeSpan.FromMilliseconds(100);

    private readonly IReadOnlyList<string> _flags;
    private readonly Timeline _timeline;
    private readonly List<NodeProcess> _incarnations = [];

    /// <param name="name">The node's name in the harness's output, as in <c>node-2</c>.</param>
    /// <param name="httpPort">Kestrel's port on 127.0.0.1.</param>
    /// <param name="remotingPort">Akka remoting's port on 127.0.0.1.</param>
    /// <param name="sharedFlags">The flags every node gets: seeds, database, drain delay.</param>
    /// <param name="timeline">The scenario's clock.</param>
    public ServiceNode(string name, int httpPort, int remotingPort, IEnumerable<string> sharedFlags, Timeline timeline)
    {
        Name = name;
        RemotingPort = remotingPort;
        Url = new Uri($"http://127.0.0.1:{httpPort}");
        _flags = ["--urls", Url.ToString().TrimEnd('/'), "--port", remotingPort.ToString(), .. sharedFlags];
        _timeline = timeline;
    }

    /// <summary>The node's name, as in <c>node-2</c>.</summary>
    public string Name { get; }

    /// <summary>Kestrel's base address.</summary>
    public Uri Url { get; }

    /// <summary>Akka remoting's port on 127.0.0.1.</summary>
    public int RemotingPort { get; }

    /// <summary>The node's Akka address, as the other nodes name it in their log lines.</summary>
    public string AkkaAddress => $"akka.tcp://cluster-service@127.0.0.1:{RemotingPort}";

    /// <summary>The incarnation started last; it may have exited.</summary>
    public NodeProcess Current => _incarnations[^1];

    /// <summary>Every incarnation of the node, in the order they started.</summary>
    public IReadOnlyList<NodeProcess> Incarnations => _incarnations;

    /// <summary>Starts a new incarnation; the previous one must have exited, since it held the ports.</summary>
    public NodeProcess Start()
    {
        if (_incarnations.Count > 0 && !Current.HasExited)
        {
            throw new InvalidOperationException($"{Current.Name} still runs and holds the node's ports");
        }

        var process = NodeProcess.Start($"{Name}#{_incarnations.Count + 1}", _flags, _timeline);
        _incarnations.Add(process);
        _timeline.Note($"{process.Name}: started, pid {process.Pid}, {Url}, remoting :{RemotingPort}");
        return process;
    }

    /// <summary>One readiness probe, as the kubelet's: 200 from <c>/healthz/ready</c> within a second.</summary>
    public async Task<bool> IsReady(HttpClient http, CancellationToken cancel) => (await Probe(http, cancel)).Ready;

    /// <summary>One readiness probe; also says what the node answered (a status, a refused connection, no answer).</summary>
    public async Task<(bool Ready, string Answer)> Probe(HttpClient http, CancellationToken cancel)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            using var response = await http.GetAsync(new Uri(Url, "/healthz/ready"), timeout.Token);
            return (response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}");
        }
        catch (HttpRequestException e)
        {
            return (false, e.HttpRequestError.ToString());
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return (false, $"no answer within {ProbeTimeout.TotalSeconds:0} s");
        }
    }

    /// <summary>
    /// Probes every 100 ms until the current incarnation is ready; returns the scenario time it was first seen ready.
    /// Fails if it exits first or is not ready within <paramref name="bound"/>.
    /// </summary>
    public async Task<TimeSpan> WaitUntilReady(HttpClient http, TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        var process = Current;
        try
        {
            while (!await IsReady(http, timeout.Token))
            {
                Assert.False(process.HasExited, $"{process.Name} exited before it was ready");
                await Task.Delay(ReadyPollInterval, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Assert.Fail($"{process.Name} was not ready within {bound.TotalSeconds:0} s");
        }

        var readyAt = _timeline.Now;
        _timeline.Note($"{process.Name}: ready");
        return readyAt;
    }

    public void Dispose()
    {
        foreach (var process in _incarnations)
        {
            process.Dispose();
        }
    }
}
