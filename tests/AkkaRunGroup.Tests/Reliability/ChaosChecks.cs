namespace AkkaRunGroup.Tests.Reliability;

/// <summary>
/// Where a group's checks run: its lane, interrupt order and start order, the token and drain delay of a top-level
/// run, and for a nested group the error its parent interrupts it with and a prefix that names it in violations.
/// </summary>
/// <param name="Sequential">The group starts its members in sequential order.</param>
/// <param name="StoppedAtStart">A top-level run whose stop was known at RunAsync (its token cancelled, or
/// <c>Interrupt</c> called, before it).</param>
public sealed record Level(
    Lane Lane,
    bool Reverse,
    CancellationToken Token,
    bool Nested = false,
    Exception? ParentError = null,
    string Prefix = "",
    TimeSpan Drain = default,
    bool Sequential = false,
    bool StoppedAtStart = false)
{
    /// <summary>The Terminate and Terminating lanes: the ActorSystem terminates around or during the run.</summary>
    public bool Terminates => Lane is Lane.Terminate or Lane.Terminating;
}

/// <summary>The invariants of a random run, each violation described in words.</summary>
public static class ChaosChecks
{
    /// <summary>Checks one group's run: the top-level one, or (recursively) a nested group's own run.</summary>
    public static void Check(Level level, MemberRecord[] records, RunResult result, TimeSpan interruptTimeout, List<string> v)
    {
        if (!result.Members.Select(m => m.Name).SequenceEqual(records.Select(r => r.Name)))
        {
            v.Add($"{level.Prefix}the outcomes are not the members in the order they were added");
            return;
        }

        CheckFirstExit(level, records, result, v);
        CheckNoInvalidActorName(level, result, v);
        if (level.Sequential)
        {
            StartOrderChecks.CheckStart(level, records, result, v);
        }

        for (var i = 0; i < records.Length; i++)
        {
            CheckMember(level, records[i], result.Members[i], result, interruptTimeout, v);
        }

        if (level.Reverse && !level.Terminates)
        {
            FeatureChecks.CheckReverseOrder(level, records, result, interruptTimeout, v);
        }
    }

    /// <summary>
    /// The run's events: each member started once and (unless abandoned) exited once with its outcome's error; one
    /// GroupInterrupted, after the first member's exit and before any other but the one that ended a drain (see
    /// <see cref="StateChecks.CheckDrain"/>); one GroupCompleted, last, with the result. In a group that starts its
    /// members in sequential order, a member never started has no event, and the others started as
    /// <see cref="StartOrderChecks.CheckStartEvents"/> says.
    /// </summary>
    public static void CheckEvents(Level level, MemberRecord[] records, RunResult result, List<RunGroupEvent> events, List<string> v)
    {
        var completed = events.OfType<GroupCompleted>().ToList();
        Expect(completed.Count == 1 && events[^1] == completed[0] && ReferenceEquals(completed[0].Result, result), $"{completed.Count} GroupCompleted events, or not last, or not with the result", v);
        var interrupted = events.OfType<GroupInterrupted>().ToList();
        if (interrupted.Count != 1)
        {
            v.Add($"{interrupted.Count} GroupInterrupted events");
            return;
        }

        Expect(interrupted[0].FirstExited == result.FirstExited && ReferenceEquals(interrupted[0].Error, result.Error), $"GroupInterrupted names {interrupted[0].FirstExited}", v);
        var exits = events.OfType<MemberExited>().ToList();
        var refused = exits.Select(e => e.Error).Append(interrupted[0].Error).Count(IsInvalidActorName);
        Expect(refused == 0, $"{refused} events carry an InvalidActorNameException", v);
        // The stop: the drain's beginning, when the run drained, else the interrupt.
        var interruptAt = events.IndexOf(interrupted[0]);
        var drainAt = events.FindIndex(e => e is GroupDraining);
        var stopAt = drainAt >= 0 && drainAt < interruptAt ? drainAt : interruptAt;
        var exitsBefore = exits.Where(e => events.IndexOf(e) < stopAt).Select(e => e.Member).ToList();
        Expect(exitsBefore.SequenceEqual(result.FirstExited is null ? Array.Empty<string>() : [result.FirstExited]), $"exits before the group was stopped ({events[stopAt].GetType().Name}): [{string.Join(", ", exitsBefore)}]", v);
        foreach (var outcome in result.Members)
        {
            var started = events.OfType<MemberStarted>().Count(e => e.Member == outcome.Name);
            Expect(started == (outcome.Started ? 1 : 0), $"{outcome.Name}: {started} MemberStarted events", v);
            var exited = exits.Where(e => e.Member == outcome.Name).ToList();
            var exitsRight = level.Sequential && StartOrderChecks.NeverStarted(outcome) ? exited.Count == 0
                : outcome.Abandoned ? exited.Count <= 1
                : exited.Count == 1;
            Expect(exitsRight, $"{outcome.Name}: {exited.Count} MemberExited events ({outcome})", v);
            Expect(exited.All(e => ReferenceEquals(e.Error, outcome.Error)) || outcome.Abandoned, $"{outcome.Name}: MemberExited error is not its outcome's", v);
            var restarted = events.OfType<MemberRestarted>().Count(e => e.Member == outcome.Name);
            Expect(restarted == outcome.Restarts, $"{outcome.Name}: {restarted} MemberRestarted events, {outcome.Restarts} restarts", v);
        }

        if (level.Sequential)
        {
            StartOrderChecks.CheckStartEvents(records, result, events, v);
        }
    }

    /// <summary>Once released, every abandoned member gets its interrupt exactly once and its threads end.</summary>
    public static async Task CheckAbandonedEndAsync(MemberRecord[] records, RunResult result, List<string> v)
    {
        for (var i = 0; i < records.Length; i++)
        {
            var r = records[i];
            if (!result.Members[i].Abandoned)
            {
                continue;
            }

            if (r.Spec.Kind == MemberKind.Sync || r.Spec.HasInterrupt)
            {
                await r.InterruptCalled.Task.WaitAsync(RunGroupTestKit.Bound);
                Expect(r.Interrupts == 1, $"{r.Name} (abandoned): interrupted {r.Interrupts} times", v);
            }

            foreach (var thread in new[] { r.ExecuteThread, r.InterruptThread })
            {
                Expect(thread is null || thread.Join(RunGroupTestKit.Bound), $"{r.Name} (abandoned): a thread did not end once released", v);
            }
        }
    }

    private static void CheckFirstExit(Level level, MemberRecord[] records, RunResult result, List<string> v)
    {
        var p = level.Prefix;
        if (result.FirstExited is null)
        {
            switch (level.Lane)
            {
                case var _ when level.Nested:
                    Expect(ReferenceEquals(result.Error, level.ParentError), $"{p}interrupted by its parent, the error is {Describe(result.Error)}, not the parent's {Describe(level.ParentError)}", v);
                    break;
                case Lane.Cancel:
                    Expect(IsCancellationOf(result.Error, level.Token), $"cancelled from outside, the error is {Describe(result.Error)}", v);
                    break;
                case Lane.Terminate or Lane.Terminating:
                    // A Terminate run whose token is cancelled first stops with the cancellation, then the termination ends its drain.
                    Expect(result.Error is ActorSystemTerminatedException || IsCancellationOf(result.Error, level.Token), $"terminated from outside, the error is {Describe(result.Error)}", v);
                    break;
                default:
                    v.Add($"{p}no member is named as the first to exit, yet nothing else interrupted the group");
                    break;
            }

            return;
        }

        var index = Array.FindIndex(records, r => r.Name == result.FirstExited);
        if (index < 0)
        {
            v.Add($"{p}FirstExited '{result.FirstExited}' is no member");
            return;
        }

        var first = records[index];
        var outcome = result.Members[index];
        var exitSeq = FeatureChecks.ExitSeq(first, outcome);
        Expect(first.Spec.Role == Role.ExitsOnItsOwn, $"{p}{first.Name} is named first but only exits once interrupted", v);
        Expect(exitSeq > 0, $"{p}{first.Name} is named first but never ended by itself", v);
        var firstInterrupt = records.Select((r, i) => FeatureChecks.InterruptSeq(r, result.Members[i])).Min();
        Expect(exitSeq < firstInterrupt, $"{p}an interrupt ran (seq {firstInterrupt}) before the first exit of {first.Name} (seq {exitSeq})", v);
        var matches = first.Spec.Kind == MemberKind.Nested
            ? outcome.Result?.FirstExited is not null && ReferenceEquals(result.Error, outcome.Result.Error)
            : ErrorMatches(level, first, result.Error);
        Expect(matches, $"{p}the run's error {Describe(result.Error)} is not what {first.Name} produced ({Describe(first.Produced)})", v);
    }

    private static void CheckMember(Level level, MemberRecord r, MemberOutcome o, RunResult result, TimeSpan interruptTimeout, List<string> v)
    {
        var s = r.Spec;
        var spec = level;
        if (spec.Sequential && !o.Started)
        {
            // The start never reached it: untouched, whatever the lane.
            StartOrderChecks.CheckNeverStarted(level, r, o, v);
            return;
        }

        if (spec.Lane == Lane.Terminating && !o.Started)
        {
            // The system terminated before the run could start this member: nothing of it ran.
            Expect(r.Starts == 0 && r.Interrupts == 0 && r.TokenCancels == 0 && o is { Error: null, Interrupted: false, Abandoned: false }, $"{level.Prefix}{r.Name}: never started, yet {r.Starts} starts, {r.Interrupts} interrupts, {r.TokenCancels} token cancellations ({o})", v);
            return;
        }

        if (s.Kind is MemberKind.Nested or MemberKind.Signal)
        {
            FeatureChecks.CheckNestedOrSignal(level, r, o, result, interruptTimeout, v);
            return;
        }

        var ignores = s.Role is Role.IgnoresInterrupt or Role.InterruptBlocks;
        if (spec.Terminates && s.Kind == MemberKind.Actor && ignores)
        {
            // A terminating system stops an actor that ignores its interrupt. If the group is interrupted first (a
            // CoordinatedShutdown task does that), the run may reach the interrupt timeout before: then it is abandoned.
            Expect(o.Abandoned ? result.Elapsed >= interruptTimeout : r.PostStops == 1, $"{level.Prefix}{r.Name}: Abandoned is {o.Abandoned} ({o}) after {result.Elapsed.TotalMilliseconds:0} ms", v);
        }
        else
        {
            var abandon = ignores && spec.Lane is Lane.Timeout or Lane.Terminate;
            Expect(o.Abandoned == abandon || StarvedPastTimeout(level, r, o, result, interruptTimeout), $"{level.Prefix}{r.Name}: Abandoned is {o.Abandoned} ({o})", v);
        }

        if (o.Abandoned)
        {
            Expect(s.Role != Role.IgnoresInterrupt || o.Error is null, $"{level.Prefix}{r.Name}: abandoned while running, yet has error {Describe(o.Error)}", v);
            Expect(o.Error is null || ReferenceEquals(o.Error, r.Produced), $"{level.Prefix}{r.Name}: abandoned with error {Describe(o.Error)} it did not produce", v);
            return;
        }

        var actor = s.Kind == MemberKind.Actor;
        // A system that was terminating as the run started may stop an actor, or the actor of a member between two
        // incarnations (the restart then never starts), before the group's interrupt reaches it.
        var mayMissInterrupt = spec.Lane == Lane.Terminating && (actor || s.MaxRestarts > 0);
        // A terminating ActorSystem may stop an actor before its constructor runs; an execute always starts.
        var startsRight = actor
            ? spec.Terminates ? r.Starts <= 1 : r.Starts == 1
            : FeatureChecks.StartsMatchRestarts(r, o) || (mayMissInterrupt && o.Restarts > 0 && r.Starts == o.Restarts);
        Expect(startsRight, $"{level.Prefix}{r.Name}: execute started {r.Starts} times, {o.Restarts} restarts", v);
        if (s.MaxRestarts > 0)
        {
            FeatureChecks.CheckRestarts(r, o, result, v);
        }

        Expect(r.Starts == 0 || o.Started, $"{level.Prefix}{r.Name}: started but its outcome says not", v);
        Expect(ErrorMatches(spec, r, o.Error), $"{level.Prefix}{r.Name}: outcome error {Describe(o.Error)}, produced {Describe(r.Produced)}", v);
        Expect(s.Role != Role.ExitsWhenInterrupted || o.Interrupted || mayMissInterrupt, $"{level.Prefix}{r.Name}: exited once interrupted but Interrupted is false", v);
        Expect(o.Name != result.FirstExited || !o.Interrupted, $"{level.Prefix}{r.Name}: exited first but Interrupted is true", v);

        var hooked = s.Kind == MemberKind.Sync || s.HasInterrupt;
        if (hooked)
        {
            Expect(r.Interrupts == 1, $"{level.Prefix}{r.Name}: interrupted {r.Interrupts} times", v);
            Expect(ReferenceEquals(r.InterruptArgument, result.Error), $"{level.Prefix}{r.Name}: interrupted with {Describe(r.InterruptArgument)}, not the run's error", v);
            Expect(ReferenceEquals(o.InterruptError, s.InterruptThrows ? r.InterruptError : null), $"{level.Prefix}{r.Name}: InterruptError {Describe(o.InterruptError)}", v);
            StateChecks.CheckInterruptState(level, r, result, v);
        }

        if (s.Kind == MemberKind.Async)
        {
            // A restart being prepared when the interrupt comes gets a fresh token that nobody registered on.
            Expect(o.Restarts > 0 ? r.TokenCancels <= 1 : r.TokenCancels == 1, $"{level.Prefix}{r.Name}: token cancelled {r.TokenCancels} times", v);
        }

        if (s.Kind == MemberKind.Sync)
        {
            Expect(r.ExecuteThreads.All(t => !t.IsAlive) && r.ExecuteThread is not null, $"{level.Prefix}{r.Name}: an execute thread is alive after the run", v);
            Expect(r.InterruptThread is { IsAlive: false }, $"{level.Prefix}{r.Name}: its interrupt thread is alive after the run", v);
        }

        if (actor)
        {
            var constructed = r.Starts == 1 && !(s.Ending == Ending.FailsToStart && s.DelayMs % 2 == 0);
            var failedPreStart = s.Ending == Ending.FailsToStart && s.DelayMs % 2 == 1;
            Expect(failedPreStart ? r.PostStops <= 1 : r.PostStops == (constructed ? 1 : 0), $"{level.Prefix}{r.Name}: PostStop ran {r.PostStops} times", v);
        }
    }

    /// <summary>
    /// Whether a member that obeys its interrupt may have been abandoned all the same: on a loaded machine, a starved
    /// thread pool can keep it from finishing within the interrupt timeout. Then the run lasted that long, and the
    /// member finished, if at all, no sooner than an interrupt timeout after its group was made.
    /// </summary>
    internal static bool StarvedPastTimeout(Level level, MemberRecord r, MemberOutcome o, RunResult result, TimeSpan interruptTimeout) =>
        o.Abandoned
        && level.Lane is Lane.Timeout or Lane.Terminate
        && result.Elapsed >= interruptTimeout
        && FeatureChecks.DoneSeq(r, o) is var done
        && (done == 0 || r.Group.Between(0, done) >= interruptTimeout);

    /// <summary>Distinct names that escape or cut to one actor name still run side by side: Akka never refuses one.</summary>
    private static void CheckNoInvalidActorName(Level level, RunResult result, List<string> v)
    {
        var refused = result.Members.Where(m => IsInvalidActorName(m.Error) || IsInvalidActorName(m.InterruptError)).Select(m => m.Name).ToList();
        Expect(!IsInvalidActorName(result.Error) && refused.Count == 0, $"{level.Prefix}an InvalidActorNameException in the run's error or in [{string.Join(", ", refused)}]", v);
    }

    private static bool IsInvalidActorName(Exception? e) => e is InvalidActorNameException;

    /// <summary>Whether <paramref name="e"/> is the cancellation of <paramref name="token"/>, which was cancelled.</summary>
    internal static bool IsCancellationOf(Exception? e, CancellationToken token) =>
        token.IsCancellationRequested && e is OperationCanceledException oce && oce.CancellationToken == token;

    /// <summary>Whether <paramref name="error"/> is the error <paramref name="r"/> produced.</summary>
    private static bool ErrorMatches(Level level, MemberRecord r, Exception? error)
    {
        if (r.ProducedCancellation)
        {
            return error is OperationCanceledException;
        }

        // A terminating system stops an actor that is failing: its failure may never reach the GroupSupervisor.
        if (level.Terminates && r.Spec.Kind == MemberKind.Actor)
        {
            return error is null || ReferenceEquals(error, r.Produced);
        }

        return r.Ended && ReferenceEquals(error, r.Produced);
    }

    internal static void Expect(bool condition, string violation, List<string> v)
    {
        if (!condition)
        {
            v.Add(violation);
        }
    }

    /// <summary>Never reads an error unprotected: a member's error may throw from its Message.</summary>
    internal static string Describe(Exception? e) => ThrowingErrors.Describe(e);
}
