namespace AkkaRunGroup.ClusterService.Tests;

/// <summary>
/// Replaces nodes one at a time as a StatefulSet's rolling update does: SIGTERM, wait for the exit (SIGKILL when the
/// grace period is over), start the new incarnation on the same ports and database, wait until it is ready and in the
/// endpoints, then the next node.
/// </summary>
public sealed class RollingUpdate(ServiceCluster cluster, ServiceEndpoints endpoints)
{
    /// <summary>Kubernetes' default <c>terminationGracePeriodSeconds</c>.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(30);

    /// <summary>The bound on waiting for a replacement to be ready; the target is asserted by the test, from the figures.</summary>
    public static readonly TimeSpan ReadyBound = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan UnreadyPollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Replaces each of <paramref name="nodes"/> in turn; returns the figures of each.</summary>
    public async Task<IReadOnlyList<NodeReplacement>> ReplaceEach(IEnumerable<ServiceNode> nodes)
    {
        var replacements = new List<NodeReplacement>();
        foreach (var node in nodes)
        {
            replacements.Add(await Replace(node));
        }

        return replacements;
    }

    /// <summary>Replaces <paramref name="node"/>; returns once the new incarnation is ready and in the endpoints.</summary>
    public async Task<NodeReplacement> Replace(ServiceNode node)
    {
        var timeline = cluster.Timeline;
        var old = node.Current;
        var sigterm = timeline.Now;
        old.Signal(NodeProcess.SigTerm);
        timeline.Note($"{old.Name}: SIGTERM");
        var unready = WaitUntilUnready(node, old);

        var exitCode = await old.WaitForExit(GracePeriod);
        var killed = exitCode is null;
        if (killed)
        {
            timeline.Note($"{old.Name}: still running after the {GracePeriod.TotalSeconds:0} s grace period: SIGKILL");
            old.Signal(NodeProcess.SigKill);
            exitCode = await old.WaitForExit(GracePeriod);
            Assert.True(exitCode is not null, $"{old.Name} outlived SIGKILL by {GracePeriod.TotalSeconds:0} s");
        }

        var exited = timeline.Now;
        timeline.Note($"{old.Name}: exited with code {exitCode}");
        var notReady = await unready;

        var listening = WhenListening(node.Start());
        var ready = await node.WaitUntilReady(cluster.Http, ReadyBound);
        await WaitUntilInEndpoints(node);
        return new NodeReplacement(
            old.Name, node.Current.Name, exitCode!.Value, killed, notReady - sigterm, exited - sigterm, await listening - sigterm, ready - sigterm);
    }

    /// <summary>The scenario time <paramref name="old"/>'s readiness probe first failed, or null if it exited unseen.</summary>
    private async Task<TimeSpan?> WaitUntilUnready(ServiceNode node, NodeProcess old)
    {
        using var bound = new CancellationTokenSource(GracePeriod);
        try
        {
            while (!old.HasExited)
            {
                if (!await node.IsReady(cluster.Http, bound.Token))
                {
                    return cluster.Timeline.Now;
                }

                await Task.Delay(UnreadyPollInterval, bound.Token);
            }
        }
        catch (OperationCanceledException) when (bound.IsCancellationRequested)
        {
        }

        return null;
    }

    /// <summary>The scenario time <paramref name="process"/> printed ASP.NET Core's "Now listening on:", or null if it did not.</summary>
    private async Task<TimeSpan?> WhenListening(NodeProcess process)
    {
        try
        {
            await process.WaitForLine("Now listening on:", ReadyBound);
            return cluster.Timeline.Now;
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private async Task WaitUntilInEndpoints(ServiceNode node)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!endpoints.IsReady(node))
        {
            await Task.Delay(UnreadyPollInterval, bound.Token);
        }
    }
}
