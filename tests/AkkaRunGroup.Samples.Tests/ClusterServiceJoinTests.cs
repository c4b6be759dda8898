using System.Net;
using System.Net.Http.Json;
using Xunit.Abstractions;

namespace AkkaRunGroup.Samples.Tests;

/// <summary>Two ClusterService nodes: one is not ready until its seed runs and it has joined it; then both serve every counter.</summary>
public sealed class ClusterServiceJoinTests(ITestOutputHelper output) : IDisposable
{
    private const int SigTerm = 15;

    private readonly string _directory = Directory.CreateTempSubdirectory("cluster-service-").FullName;

    [Fact]
    public async Task A_node_whose_seed_is_not_running_is_not_ready_and_answers_503_then_joins_it_once_it_runs_and_both_serve_every_counter()
    {
        var (seedPort, port) = (HttpSample.FreePort(), HttpSample.FreePort());
        var db = Path.Combine(_directory, "counters.db");
        using var joiner = await HttpSample.Start("ClusterService", output, "--port", $"{port}", "--seed", $"127.0.0.1:{seedPort}", "--db", db, "--drain-delay", "0s");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await joiner.Http.GetAsync("/healthz/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await joiner.Http.GetAsync("/healthz/live")).StatusCode);
        using (var early = await joiner.Http.PostAsync("/counters/early", null)) // no cluster yet: the ask times out
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, early.StatusCode);
            Assert.Contains("\"error\":", await early.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await joiner.Http.GetAsync("/healthz/ready")).StatusCode);

        using var seed = await HttpSample.Start("ClusterService", output, "--port", $"{seedPort}", "--seed", $"127.0.0.1:{seedPort}", "--db", db, "--drain-delay", "0s");
        await seed.PollUntil("/healthz/ready", HttpStatusCode.OK);
        var joined = await joiner.PollUntil("/healthz/ready", HttpStatusCode.OK);
        output.WriteLine($"the joiner was ready {joined.TotalMilliseconds:0} ms after its seed");

        var entityNodes = new HashSet<string>();
        foreach (var id in new[] { "a", "b", "c", "d", "e", "f", "g", "h" })
        {
            using var increment = await joiner.Http.PostAsync($"/counters/{id}", null);
            Assert.Equal(HttpStatusCode.OK, increment.StatusCode);
            entityNodes.Add((await increment.Content.ReadFromJsonAsync<Incremented>())!.EntityNode);
            Assert.Equal(HttpStatusCode.OK, (await seed.Http.GetAsync($"/counters/{id}")).StatusCode);
        }

        output.WriteLine($"the counters run on {string.Join(", ", entityNodes)}");
        Assert.All(entityNodes, n => Assert.Contains(n, new[] { $"akka.tcp://cluster-service@127.0.0.1:{seedPort}", $"akka.tcp://cluster-service@127.0.0.1:{port}" }));

        joiner.Sample.Signal(SigTerm);
        seed.Sample.Signal(SigTerm);
        Assert.Equal((0, 0), (await joiner.Sample.WaitForExit(), await seed.Sample.WaitForExit()));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>The answer to POST /counters/{id}.</summary>
    private sealed record Incremented(string Id, long Value, string Node, string EntityNode);
}
