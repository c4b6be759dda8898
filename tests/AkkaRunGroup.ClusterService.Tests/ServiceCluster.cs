namespace AkkaRunGroup.ClusterService.Tests;

/// <summary>
/// The service deployed on this machine as a StatefulSet of three would be: three <see cref="ServiceNode"/>s on free
/// loopback ports, every remoting address a seed, one SQLite file in a temporary folder shared by all, a short drain.
/// </summary>
/// <remarks>
/// Disposing kills every node still running and deletes the temporary folder, also when the test failed; with
/// <c>AKKARUNGROUP_ROLLING_KEEP_DB=1</c> the folder and its database are kept for a look at the journal.
/// </remarks>
public sealed class ServiceCluster : IDisposable
{
    /// <summary>The environment variable that keeps the database after the test.</summary>
    public const string KeepDatabase = "AKKARUNGROUP_ROLLING_KEEP_DB";

    private readonly string _folder;

    /// <summary>Picks the ports and the database file; starts nothing.</summary>
    public ServiceCluster(Timeline timeline, int size = 3, string drainDelay = "1s")
    {
        Timeline = timeline;
        _folder = Directory.CreateTempSubdirectory("akkarungroup-rolling-").FullName;
        Database = Path.Combine(_folder, "counters.db");
        var ports = FreeLoopbackPorts.Take(2 * size);
        var remoting = ports.Skip(size).ToList();
        string[] shared = ["--db", Database, "--drain-delay", drainDelay, .. remoting.SelectMany(p => new[] { "--seed", $"127.0.0.1:{p}" })];
        Nodes = [.. Enumerable.Range(0, size).Select(i => new ServiceNode($"node-{i + 1}", ports[i], remoting[i], shared, timeline))];
        Http = new HttpClient(CountedConnections.CreateHandler())
        {
            Timeout = Timeout.InfiniteTimeSpan, // every request carries its own bound
        };
    }

    /// <summary>The scenario's clock.</summary>
    public Timeline Timeline { get; }

    /// <summary>The nodes, in the order of their seeds.</summary>
    public IReadOnlyList<ServiceNode> Nodes { get; }

    /// <summary>The SQLite file every node shares.</summary>
    public string Database { get; }

    /// <summary>The client every request of the harness goes through.</summary>
    public HttpClient Http { get; }

    /// <summary>Starts every node at once and waits until each is ready, bounded by <paramref name="bound"/>.</summary>
    public async Task StartAll(TimeSpan bound)
    {
        foreach (var node in Nodes)
        {
            node.Start();
        }

        await Task.WhenAll(Nodes.Select(n => n.WaitUntilReady(Http, bound)));
    }

    public void Dispose()
    {
        foreach (var node in Nodes)
        {
            node.Dispose();
        }

        Http.Dispose();
        if (Environment.GetEnvironmentVariable(KeepDatabase) == "1")
        {
            Timeline.Note($"the database is kept ({KeepDatabase}=1): {Database}");
            return;
        }

        Directory.Delete(_folder, recursive: true);
    }
}
