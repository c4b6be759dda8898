namespace AkkaRunGroup.ClusterService.Tests;

/// <summary>
/// What the load client did and what the service answered: every increment with its one or two attempts, grouped by
/// the scenario's phase at the time it was sent (a rollout, a crash and its recovery), so that failures during a
/// crash are told apart from failures during a rollout.
/// </summary>
/// <remarks>Any thread records; the figures are read once the load has stopped.</remarks>
public sealed class LoadLedger
{
    private readonly object _gate = new();
    private readonly List<Increment> _increments = [];
    private readonly List<(TimeSpan At, string Name)> _phases = [(TimeSpan.Zero, "start")];

    /// <summary>The phase new increments are counted in.</summary>
    public string Phase
    {
        get { lock (_gate) { return _phases[^1].Name; } }
    }

    /// <summary>Begins the phase <paramref name="name"/> at <paramref name="at"/>, on the scenario's clock.</summary>
    public void BeginPhase(string name, TimeSpan at)
    {
        lock (_gate)
        {
            _phases.Add((at, name));
        }
    }

    /// <summary>
    /// The phases <paramref name="increment"/> overlapped, from its first attempt's start to its last attempt's end:
    /// an increment sent just before a crash and failed by it overlaps the crash.
    /// </summary>
    public IReadOnlyList<string> PhasesOverlapping(Increment increment)
    {
        var start = increment.Attempts[0].At;
        var end = increment.Attempts.Max(a => a.At + a.Took);
        lock (_gate)
        {
            return [.. _phases.Where((p, i) => p.At <= end && (i + 1 == _phases.Count || _phases[i + 1].At >= start)).Select(p => p.Name)];
        }
    }

    /// <summary>Every increment recorded so far.</summary>
    public IReadOnlyList<Increment> Increments
    {
        get { lock (_gate) { return [.. _increments]; } }
    }

    /// <summary>Every acknowledged increment: the counter and the value the service returned.</summary>
    public IReadOnlyList<(string Id, long Value, string Node)> Acknowledged =>
        [.. Increments.Where(i => i.Acknowledgement is not null).Select(i => (i.Id, i.Acknowledgement!.Value!.Value, i.Acknowledgement.Node))];

    /// <summary>Records one increment and its attempts, in the phase it was sent in.</summary>
    public void Record(string id, string phase, IReadOnlyList<Attempt> attempts)
    {
        lock (_gate)
        {
            _increments.Add(new Increment(id, phase, attempts));
        }
    }

    /// <summary>
    /// The figures of each phase, in the order the phases began; <paramref name="failureExpected"/> tells the failed
    /// increments that are expected (they overlapped a crash).
    /// </summary>
    public IReadOnlyList<PhaseFigures> Figures(Func<Increment, bool> failureExpected) =>
        [.. Increments.GroupBy(i => i.Phase).Select(g => new PhaseFigures(
            g.Key,
            g.Count(),
            g.Sum(i => i.Attempts.Count),
            g.Count(i => i.Acknowledgement is not null),
            g.Count(i => i.Attempts.Count > 1),
            g.Count(i => i.Acknowledgement is null),
            g.Count(i => i.Acknowledgement is null && failureExpected(i)),
            g.Sum(i => i.Attempts.Sum(a => a.UnknownOutcomes))))];

    /// <summary>One try of an increment on one node.</summary>
    /// <param name="Node">The node asked.</param>
    /// <param name="At">When it was sent, on the scenario's clock.</param>
    /// <param name="Took">How long until the answer or the failure.</param>
    /// <param name="Value">The counter's value the node returned: the increment was acknowledged.</param>
    /// <param name="EntityNode">The Akka address of the node the counter ran on, when acknowledged.</param>
    /// <param name="Connections">
    /// The connections opened for it: more than one means the HTTP handler sent it again after a connection closed
    /// before the answer, so it may have been applied more than once.
    /// </param>
    /// <param name="Failure">What went wrong otherwise: a status and its body, a timeout, a refused connection.</param>
    /// <param name="MayHaveApplied">
    /// Whether a failed attempt may still have been applied: anything but no connection at all or no ready node (a 503
    /// after the service's own timeout, our timeout, a connection closed before the answer) leaves it unknown.
    /// </param>
    public sealed record Attempt(string Node, TimeSpan At, TimeSpan Took, long? Value, string? EntityNode, int Connections, string? Failure, bool MayHaveApplied)
    {
        /// <summary>How many times it may have been applied without an acknowledgement: a failure of unknown outcome, and each resend.</summary>
        public int UnknownOutcomes => (MayHaveApplied ? 1 : 0) + Math.Max(0, Connections - 1);
    }

    /// <summary>One increment of one counter: its first attempt, and its one retry on another node if the first failed.</summary>
    public sealed record Increment(string Id, string Phase, IReadOnlyList<Attempt> Attempts)
    {
        /// <summary>The attempt that was acknowledged, if any.</summary>
        public Attempt? Acknowledgement => Attempts.FirstOrDefault(a => a.Value is not null);
    }

    /// <summary>The figures of one phase.</summary>
    /// <param name="Phase">The phase's name.</param>
    /// <param name="Increments">Increments sent (each one or two requests).</param>
    /// <param name="Requests">HTTP requests sent, retries included.</param>
    /// <param name="Acknowledged">Increments acknowledged with 200 and a value.</param>
    /// <param name="Retried">Increments whose first attempt failed.</param>
    /// <param name="FailedAfterRetry">Increments that failed on their retry too (or found no ready node).</param>
    /// <param name="FailedDuringACrash">Those of them that overlapped a crash, where failures are expected.</param>
    /// <param name="UnknownOutcomes">Failed attempts that may still have been applied, and resends by the HTTP handler.</param>
    public sealed record PhaseFigures(string Phase, int Increments, int Requests, int Acknowledged, int Retried, int FailedAfterRetry, int FailedDuringACrash, int UnknownOutcomes)
    {
        public override string ToString() =>
            $"{Phase}: {Increments} increments in {Requests} requests: {Acknowledged} acknowledged, {Retried} retried, " +
            $"{FailedAfterRetry} failed after the retry ({FailedDuringACrash} of them while a crash was under way), {UnknownOutcomes} attempts of unknown outcome";
    }
}
