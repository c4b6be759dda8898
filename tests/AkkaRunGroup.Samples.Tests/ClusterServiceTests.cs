using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Xunit.Abstractions;

namespace AkkaRunGroup.Samples.Tests;

/// <summary>samples/ClusterService as a real process: readiness follows the cluster membership, counters persist, SIGTERM exits 0.</summary>
public sealed class ClusterServiceTests(ITestOutputHelper output) : IDisposable
{
    private const int SigTerm = 15;

    private readonly string _directory = Directory.CreateTempSubdirectory("cluster-service-").FullName;

    [Fact]
    public async Task A_lone_node_is_ready_once_Up_with_its_journal_read_serves_metrics_counts_each_request_once_and_keeps_its_counts_across_a_SIGTERM_and_a_restart()
    {
        var port = HttpSample.FreePort();
        string[] args = ["--port", $"{port}", "--seed", $"127.0.0.1:{port}", "--db", Path.Combine(_directory, "counters.db"), "--drain-delay", "0s"];
        var clock = Stopwatch.StartNew();
        using (var node = await HttpSample.Start("ClusterService", output, args))
        {
            await node.PollUntil("/healthz/ready", HttpStatusCode.OK);
            output.WriteLine($"from the start of the process to ready: {clock.ElapsedMilliseconds} ms");
            Assert.Contains($"node akka.tcp://cluster-service@127.0.0.1:{port} is Up", node.Sample.Output);
            Assert.Contains("cluster-service: the journal (akka.persistence.journal.sql) is readable", node.Sample.Output);
            Assert.Equal(HttpStatusCode.OK, (await node.Http.GetAsync("/healthz/live")).StatusCode);
            Assert.Matches("""akka_run_group_run_started_total\{[^}]*akka_run_group_name="node"[^}]*\} 1\n""", await node.Http.GetStringAsync("/metrics"));

            for (long expected = 1; expected <= 3; expected++)
            {
                var increment = await Answer<Incremented>(await node.Http.PostAsync("/counters/a", null));
                Assert.Equal(("a", expected, $"akka.tcp://cluster-service@127.0.0.1:{port}"), (increment.Id, increment.Value, increment.Node));
            }

            // A request sent again with its Idempotency-Key gets its first answer and counts nothing.
            Assert.Equal(4, (await Answer<Incremented>(await node.Http.SendAsync(Keyed("k1")))).Value);
            Assert.Equal(4, (await Answer<Incremented>(await node.Http.SendAsync(Keyed("k1")))).Value);
            Assert.Equal(new CounterValue("a", 4), await Answer<CounterValue>(await node.Http.GetAsync("/counters/a")));
            Assert.Equal(HttpStatusCode.BadRequest, (await node.Http.PostAsync("/counters/not.an.id", null)).StatusCode);

            clock.Restart();
            node.Sample.Signal(SigTerm);
            Assert.Equal(0, await node.Sample.WaitForExit());
            output.WriteLine($"from SIGTERM to the exit: {clock.ElapsedMilliseconds} ms");
        }

        using var restarted = await HttpSample.Start("ClusterService", output, args);
        await restarted.PollUntil("/healthz/ready", HttpStatusCode.OK);
        Assert.Equal(new CounterValue("a", 4), await Answer<CounterValue>(await restarted.Http.GetAsync("/counters/a")));
        // The counter remembers the request across the restart: its events carry the request id.
        Assert.Equal(4, (await Answer<Incremented>(await restarted.Http.SendAsync(Keyed("k1")))).Value);
        Assert.Equal(new CounterValue("a", 4), await Answer<CounterValue>(await restarted.Http.GetAsync("/counters/a")));
    }

    private static HttpRequestMessage Keyed(string key) =>
        new(HttpMethod.Post, "/counters/a") { Headers = { { "Idempotency-Key", key } } };

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<T> Answer<T>(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<T>())!;
        }
    }

    /// <summary>The answer to POST /counters/{id}.</summary>
    private sealed record Incremented(string Id, long Value, string Node, string EntityNode);

    /// <summary>The answer to GET /counters/{id}.</summary>
    private sealed record CounterValue(string Id, long Value);
}
