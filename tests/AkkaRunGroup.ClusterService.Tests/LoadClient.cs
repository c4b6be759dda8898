using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AkkaRunGroup.ClusterService.Tests;

/// <summary>
/// The service's clients behind a Kubernetes Service: a steady stream of increments spread over the counters, each
/// sent to the next ready endpoint and retried once on another ready endpoint if it fails (non-200, timeout, refused
/// connection), with the same <c>Idempotency-Key</c>, so that the retry of an increment that was applied after all is
/// not counted twice. Every increment and its attempts go to the <see cref="LoadLedger"/>; an attempt for which no connection
/// was opened surely did nothing, any other failed attempt may have been applied.
/// </summary>
/// <remarks>
/// A counter has at most one increment in flight, so the values acknowledged for it are distinct and, if nothing is
/// lost or doubled, exactly 1..n. Every request has a client of its own (<see cref="CountedConnections"/>), so that
/// a request the HTTP handler sent again is seen.
/// </remarks>
public sealed class LoadClient : IAsyncDisposable
{
    /// <summary>How long one attempt may take: longer than the service's own timeout, so that it answers 503 first.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly ServiceEndpoints _endpoints;
    private readonly LoadLedger _ledger;
    private readonly Timeline _timeline;
    private readonly IReadOnlyList<string> _ids;
    private readonly TimeSpan _interval;
    private readonly ConcurrentDictionary<string, Task> _inFlight = new();
    private readonly ConcurrentQueue<Exception> _faults = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _sending = Task.CompletedTask;
    private int _cursor;

    /// <param name="endpoints">Where requests go: only to ready nodes.</param>
    /// <param name="ledger">Where every increment is recorded.</param>
    /// <param name="timeline">The scenario's clock.</param>
    /// <param name="ids">The counters the increments are spread over.</param>
    /// <param name="perSecond">Increments sent per second, over all counters.</param>
    public LoadClient(ServiceEndpoints endpoints, LoadLedger ledger, Timeline timeline, IReadOnlyList<string> ids, int perSecond)
    {
        _endpoints = endpoints;
        _ledger = ledger;
        _timeline = timeline;
        _ids = ids;
        _interval = TimeSpan.FromSeconds(1.0 / perSecond);
    }

    /// <summary>Starts the stream of increments.</summary>
    public void Start() => _sending = Task.Run(Send);

    /// <summary>
    /// Stops sending and waits for the increments in flight to be answered or to fail, bounded by their timeouts; throws
    /// what the client itself failed with, if anything (a bug of the harness, not a failure of the service).
    /// </summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _sending;
        await Task.WhenAll(_inFlight.Values).WaitAsync(2 * RequestTimeout + TimeSpan.FromSeconds(5));
        if (!_faults.IsEmpty)
        {
            throw new AggregateException("the load client failed", _faults);
        }
    }

    /// <summary>
    /// Increments <paramref name="id"/> once: on the next ready node, and on another ready node if that fails. Records
    /// the increment in the ledger and returns it.
    /// </summary>
    public async Task<LoadLedger.Increment> Increment(string id)
    {
        var phase = _ledger.Phase;
        var key = Guid.NewGuid().ToString("N");
        var attempts = new List<LoadLedger.Attempt>();
        var first = _endpoints.Next();
        attempts.Add(first is null ? NoReadyNode() : await Post(first, id, key));
        if (attempts[0].Value is null)
        {
            var second = _endpoints.Next(except: first);
            attempts.Add(second is null ? NoReadyNode() : await Post(second, id, key));
        }

        _ledger.Record(id, phase, attempts);
        return new LoadLedger.Increment(id, phase, attempts);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }

    private async Task Send()
    {
        using var ticks = new PeriodicTimer(_interval);
        try
        {
            while (await ticks.WaitForNextTickAsync(_stop.Token))
            {
                if (NextIdle() is { } id)
                {
                    var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    _inFlight[id] = done.Task;
                    _ = Task.Run(async () =>
                    {
                        try
                        {
                            await Increment(id);
                        }
                        catch (Exception e)
                        {
                            _faults.Enqueue(e);
                        }
                        finally
                        {
                            _inFlight.TryRemove(id, out _);
                            done.TrySetResult();
                        }
                    });
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>The next counter in turn with no increment in flight; null when every counter has one.</summary>
    private string? NextIdle()
    {
        for (var i = 0; i < _ids.Count; i++)
        {
            var id = _ids[_cursor++ % _ids.Count];
            if (!_inFlight.ContainsKey(id))
            {
                return id;
            }
        }

        return null;
    }

    private async Task<LoadLedger.Attempt> Post(ServiceNode node, string id, string key)
    {
        var at = _timeline.Now;
        using var timeout = new CancellationTokenSource(RequestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(node.Url, $"/counters/{id}")) { Headers = { { "Idempotency-Key", key } } };
        using var connections = new CountedConnections();
        try
        {
            using var response = await connections.Client.SendAsync(request, timeout.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var body = await response.Content.ReadAsStringAsync(timeout.Token);
                return Failed($"{(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}", mayHaveApplied: true);
            }

            var answer = await response.Content.ReadFromJsonAsync<CounterAnswer>(JsonSerializerOptions.Web, timeout.Token);
            return answer is not null && answer.Id == id
                ? new LoadLedger.Attempt(node.Name, at, _timeline.Now - at, answer.Value, answer.EntityNode, connections.Opened, null, false)
                : Failed($"200 with an answer for another counter: {answer}", mayHaveApplied: true);
        }
        catch (HttpRequestException e) when (connections.Opened == 0)
        {
            return Failed($"no connection: {e.HttpRequestError} ({e.Message})", mayHaveApplied: false);
        }
        catch (HttpRequestException e)
        {
            return Failed($"{e.HttpRequestError} after {connections.Opened} connections ({e.Message})", mayHaveApplied: true);
        }
        catch (JsonException e)
        {
            return Failed($"200 with a body that is not a counter: {e.Message}", mayHaveApplied: true);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return Failed($"no answer within {RequestTimeout.TotalSeconds:0} s", mayHaveApplied: true);
        }

        LoadLedger.Attempt Failed(string failure, bool mayHaveApplied)
        {
            var attempt = new LoadLedger.Attempt(node.Name, at, _timeline.Now - at, null, null, connections.Opened, failure, mayHaveApplied);
            _timeline.Note($"load: POST /counters/{id} on {node.Name} failed after {attempt.Took.TotalMilliseconds:0} ms: {failure}");
            return attempt;
        }
    }

    private LoadLedger.Attempt NoReadyNode()
    {
        _timeline.Note("load: no ready node to send to");
        return new LoadLedger.Attempt("(none ready)", _timeline.Now, TimeSpan.Zero, null, null, 0, "no ready node", false);
    }
}
