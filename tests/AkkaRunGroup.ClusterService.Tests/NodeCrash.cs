using System.Net;

namespace AkkaRunGroup.ClusterService.Tests;

/// <summary>
/// Kills a node with SIGKILL, as a crash or an OOM kill would, and watches the cluster recover: a survivor's split-brain
/// resolver downs it, its shards move to the survivors, and every counter answers again (a GET on a survivor, then an
/// acknowledged POST). The sample does not print another node's removal; sharding re-allocates a node's shards only
/// once it is removed, so every counter answering again shows it. Then the node is started again on its ports, as
/// Kubernetes restarts a crashed pod.
/// </summary>
/// <remarks>
/// The node is restarted only once it has been downed: a new incarnation on the same address would otherwise make the
/// cluster remove the old one without the resolver.
/// </remarks>
public sealed class NodeCrash(ServiceCluster cluster, ServiceEndpoints endpoints, LoadClient load, IReadOnlyList<string> ids)
{
    /// <summary>The bound on every wait of the recovery; the 30 s target is asserted by the test, from the figures.</summary>
    public static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan GetTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Kills <paramref name="victim"/>, waits for the recovery, restarts it; returns the figures.</summary>
    public async Task<CrashRecovery> Kill(ServiceNode victim)
    {
        var timeline = cluster.Timeline;
        var survivors = cluster.Nodes.Where(n => n != victim).ToList();
        var killed = victim.Current;
        var kill = timeline.Now;
        killed.Signal(NodeProcess.SigKill);
        timeline.Note($"{killed.Name}: SIGKILL");
        var exitCode = await killed.WaitForExit(TimeSpan.FromSeconds(10));
        Assert.True(exitCode is not null, $"{killed.Name} outlived SIGKILL by 10 s");
        timeline.Note($"{killed.Name}: exited with code {exitCode}");

        using var watching = new CancellationTokenSource();
        var survivorsWatched = WatchReadiness(survivors, watching.Token);
        var downed = WaitForAnyLine(survivors, $"and is downing [{victim.AkkaAddress}");
        var answered = await Task.WhenAll(ids.Select(id => AnswerAgain(id, victim)));
        var allGets = answered.Max(a => a.Get);
        var allPosts = answered.Max(a => a.Post);
        timeline.Note($"every counter answers again, {(allPosts - kill).TotalMilliseconds:0} ms after the SIGKILL");

        var downedAt = await downed;
        await WaitUntilReady(survivors);
        await watching.CancelAsync();
        var (unready, survivorsReady) = await survivorsWatched;

        victim.Start();
        var restarted = await victim.WaitUntilReady(cluster.Http, RollingUpdate.ReadyBound);
        return new CrashRecovery(killed.Name, downedAt - kill, allGets - kill, allPosts - kill, (survivorsReady ?? kill) - kill, unready, restarted - kill);
    }

    /// <summary>Asks <paramref name="id"/> on a ready survivor until it answers a GET, then increments it until acknowledged.</summary>
    private async Task<(TimeSpan Get, TimeSpan Post)> AnswerAgain(string id, ServiceNode victim)
    {
        using var bound = new CancellationTokenSource(RecoveryBound);
        try
        {
            while (!await Get(id, victim, bound.Token))
            {
                await Task.Delay(PollInterval, bound.Token);
            }

            var get = cluster.Timeline.Now;
            while ((await load.Increment(id)).Acknowledgement is null)
            {
                bound.Token.ThrowIfCancellationRequested();
            }

            return (get, cluster.Timeline.Now);
        }
        catch (OperationCanceledException) when (bound.IsCancellationRequested)
        {
            Assert.Fail($"counter {id} did not answer within {RecoveryBound.TotalSeconds:0} s of the SIGKILL");
            throw;
        }
    }

    private async Task<bool> Get(string id, ServiceNode victim, CancellationToken cancel)
    {
        if (endpoints.Next(except: victim) is not { } node)
        {
            return false;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(GetTimeout);
        try
        {
            using var response = await cluster.Http.GetAsync(new Uri(node.Url, $"/counters/{id}"), timeout.Token);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancel.IsCancellationRequested))
        {
            return false;
        }
    }

    private async Task<TimeSpan> WaitForAnyLine(IEnumerable<ServiceNode> nodes, string text)
    {
        var line = await Task.WhenAny(nodes.Select(n => n.Current.WaitForLine(text, RecoveryBound))).Unwrap();
        cluster.Timeline.Note($"a survivor's split-brain resolver downs the node: {line[..Math.Min(line.Length, 200)]}");
        return cluster.Timeline.Now;
    }

    private async Task WaitUntilReady(IReadOnlyList<ServiceNode> nodes)
    {
        using var bound = new CancellationTokenSource(RecoveryBound);
        while (!nodes.All(endpoints.IsReady))
        {
            await Task.Delay(PollInterval, bound.Token);
        }
    }

    /// <summary>
    /// Watches the endpoints until <paramref name="stop"/>: returns the nodes seen not ready, and the last time one of
    /// them was seen ready again (null if none dropped).
    /// </summary>
    private async Task<(IReadOnlyList<string> Unready, TimeSpan? LastBack)> WatchReadiness(IReadOnlyList<ServiceNode> nodes, CancellationToken stop)
    {
        var unready = new List<string>();
        var down = new HashSet<ServiceNode>();
        TimeSpan? lastBack = null;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var node in nodes)
                {
                    if (!endpoints.IsReady(node) && down.Add(node) && !unready.Contains(node.Name))
                    {
                        unready.Add(node.Name);
                    }
                    else if (endpoints.IsReady(node) && down.Remove(node))
                    {
                        lastBack = cluster.Timeline.Now;
                    }
                }

                await Task.Delay(PollInterval, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        return (unready, down.Count > 0 ? cluster.Timeline.Now : lastBack);
    }
}
