using System.Net;
using Xunit.Abstractions;

namespace AkkaRunGroup.Samples.Tests;

/// <summary>samples/ClusterService before its node is Up: not ready, counters unavailable, and a SIGTERM still ends it cleanly.</summary>
public sealed class ClusterServiceNotUpTests(ITestOutputHelper output) : IDisposable
{
    private const int SigTerm = 15;

    private readonly string _directory = Directory.CreateTempSubdirectory("cluster-service-").FullName;

    [Fact]
    public async Task A_node_whose_seed_is_down_stays_not_ready_its_counters_answer_503_and_SIGTERM_still_exits_0()
    {
        var (port, deadSeed) = (ClusterServiceNode.FreePort(), ClusterServiceNode.FreePort());
        using var node = await ClusterServiceNode.Start(
            output, "--port", $"{port}", "--seed", $"127.0.0.1:{deadSeed}", "--db", Path.Combine(_directory, "counters.db"), "--drain-delay", "0s");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await node.Http.GetAsync("/healthz/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await node.Http.GetAsync("/healthz/live")).StatusCode);
        using var increment = await node.Http.PostAsync("/counters/a", null); // the region buffers it: the ask times out
        Assert.Equal(HttpStatusCode.ServiceUnavailable, increment.StatusCode);
        Assert.Contains("\"error\":", await increment.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await node.Http.GetAsync("/healthz/ready")).StatusCode);

        node.Sample.Signal(SigTerm);
        Assert.Equal(0, await node.Sample.WaitForExit());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
