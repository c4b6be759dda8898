using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AkkaRunGroup.ClusterService.Tests;

/// <summary>
/// Compares every counter's final value with what was acknowledged for it. Nothing acknowledged may be lost: the
/// acknowledged values are distinct and the final value counts each of them. An increment applied but never
/// acknowledged (the final value above the acknowledged count) is a doubled increment: a failed attempt that was
/// applied anyway and then retried. It is accepted only where failures are expected (a crash), and no more often than
/// the failed attempts of unknown outcome there.
/// </summary>
public static class CounterAudit
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    /// <summary>One counter's final value against the ledger.</summary>
    /// <param name="Id">The counter.</param>
    /// <param name="Final">Its value read at the end.</param>
    /// <param name="Acknowledged">The values acknowledged for it, in the order they were recorded.</param>
    /// <param name="UnknownOutcomes">Its failed attempts that may still have been applied, and its resends by the HTTP handler.</param>
    /// <param name="UnknownOutcomesExpected">Those of them in increments that overlapped a crash, where failures are expected.</param>
    public sealed record Counter(string Id, long Final, IReadOnlyList<long> Acknowledged, int UnknownOutcomes, int UnknownOutcomesExpected)
    {
        /// <summary>Acknowledged increments missing from the final value.</summary>
        public long Lost => Math.Max(Acknowledged.Count - Final, Acknowledged.Count(v => v > Final));

        /// <summary>Increments in the final value that were never acknowledged.</summary>
        public long Extra => Math.Max(0, Final - Acknowledged.Count);

        /// <summary>Values acknowledged more than once: two increments that were given the same value.</summary>
        public IReadOnlyList<long> Duplicates => [.. Acknowledged.GroupBy(v => v).Where(g => g.Count() > 1).Select(g => g.Key)];

        /// <summary>Whether the final value is exactly the acknowledged increments, each with its own value.</summary>
        public bool Exact => Lost == 0 && Extra == 0 && Duplicates.Count == 0;

        /// <summary>Whether nothing acknowledged is lost and every extra increment is explained by a failure during a crash.</summary>
        public bool Sound => Lost == 0 && Duplicates.Count == 0 && Extra <= UnknownOutcomesExpected;

        public override string ToString() =>
            $"counter {Id}: final {Final}, {Acknowledged.Count} acknowledged, lost {Lost}, applied but never acknowledged {Extra}, " +
            $"duplicate values [{string.Join(", ", Duplicates)}], values never acknowledged [{string.Join(", ", Missing())}], " +
            $"{UnknownOutcomes} attempts of unknown outcome ({UnknownOutcomesExpected} during a crash)";

        private IEnumerable<long> Missing() => Enumerable.Range(1, (int)Math.Max(Final, Acknowledged.Count)).Select(v => (long)v).Except(Acknowledged);
    }

    /// <summary>
    /// Reads every counter from the ready nodes (asking again until each answers, bounded) and compares;
    /// <paramref name="failureExpected"/> tells the increments whose failed attempts are expected (they overlapped a crash).
    /// </summary>
    public static async Task<IReadOnlyList<Counter>> Run(
        ServiceCluster cluster, ServiceEndpoints endpoints, IReadOnlyList<string> ids, LoadLedger ledger, Func<LoadLedger.Increment, bool> failureExpected)
    {
        var increments = ledger.Increments;
        var finals = await Task.WhenAll(ids.Select(id => Read(cluster, endpoints, id)));
        return [.. ids.Zip(finals, (id, final) => new Counter(
            id,
            final,
            [.. increments.Where(i => i.Id == id && i.Acknowledgement is not null).Select(i => i.Acknowledgement!.Value!.Value)],
            increments.Where(i => i.Id == id).Sum(i => i.Attempts.Sum(a => a.UnknownOutcomes)),
            increments.Where(i => i.Id == id && failureExpected(i)).Sum(i => i.Attempts.Sum(a => a.UnknownOutcomes))))];
    }

    private static async Task<long> Read(ServiceCluster cluster, ServiceEndpoints endpoints, string id)
    {
        using var bound = new CancellationTokenSource(Bound);
        string? last = null;
        while (!bound.IsCancellationRequested)
        {
            if (endpoints.Next() is { } node)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(bound.Token);
                timeout.CancelAfter(RequestTimeout);
                try
                {
                    using var response = await cluster.Http.GetAsync(new Uri(node.Url, $"/counters/{id}"), timeout.Token);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        var answer = await response.Content.ReadFromJsonAsync<CounterAnswer>(JsonSerializerOptions.Web, timeout.Token);
                        Assert.Equal(id, answer?.Id);
                        return answer!.Value;
                    }

                    last = $"{(int)response.StatusCode} from {node.Name}";
                }
                catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !bound.IsCancellationRequested))
                {
                    last = $"{e.GetType().Name} from {node.Name}";
                }
            }

            await Task.Delay(200, CancellationToken.None);
        }

        Assert.Fail($"counter {id} could not be read within {Bound.TotalSeconds:0} s; last answer: {last ?? "no ready node"}");
        return 0;
    }
}
