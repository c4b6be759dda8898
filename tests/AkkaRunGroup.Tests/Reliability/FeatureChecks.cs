using static AkkaRunGroup.Tests.Reliability.ChaosChecks;

namespace AkkaRunGroup.Tests.Reliability;

/// <summary>
/// The invariants of nested groups, signal handler members, restart policies and the reverse interrupt order, and
/// the sequence numbers of members whose moments are not a single record's (a nested group's are its members').
/// </summary>
public static class FeatureChecks
{
    /// <summary>The ticket of the member's own exit; for a nested group, that of its first member's, if it exited on its own.</summary>
    public static long ExitSeq(MemberRecord r, MemberOutcome o)
    {
        if (r.Spec.Kind != MemberKind.Nested)
        {
            return r.ExitSeq;
        }

        if (o.Result is not { FirstExited: { } first } nested || nested.Members.Count != r.Children.Length)
        {
            return 0;
        }

        var i = Array.FindIndex(r.Children, c => c.Name == first);
        return i < 0 ? 0 : ExitSeq(r.Children[i], nested.Members[i]);
    }

    /// <summary>
    /// The ticket of the member's first interrupt. A nested group's interrupt is seen in its members', but only when
    /// its parent interrupted it: when one of its own members exited first, it interrupted them itself, earlier. A
    /// signal member's interrupt is not seen.
    /// </summary>
    public static long InterruptSeq(MemberRecord r, MemberOutcome o) => r.Spec.Kind switch
    {
        MemberKind.Nested => o.Result is { FirstExited: null } nested && nested.Members.Count == r.Children.Length && r.Children.Length > 0
            ? r.Children.Select((c, i) => InterruptSeq(c, nested.Members[i])).Min()
            : long.MaxValue,
        MemberKind.Signal => long.MaxValue,
        _ => r.FirstInterruptSeq,
    };

    /// <summary>The ticket of the last thing the member did before it could count as finished; 0 when not seen.</summary>
    public static long DoneSeq(MemberRecord r, MemberOutcome o) => r.Spec.Kind switch
    {
        MemberKind.Nested => o.Result is { } nested && nested.Members.Count == r.Children.Length && r.Children.Length > 0
            ? r.Children.Select((c, i) => DoneSeq(c, nested.Members[i])).Max()
            : 0,
        MemberKind.Signal => 0,
        _ => r.DoneSeq,
    };

    /// <summary>Each start after the first is a restart; a restart the interrupt caught in its backoff never starts.</summary>
    public static bool StartsMatchRestarts(MemberRecord r, MemberOutcome o) =>
        r.Starts == o.Restarts + 1 || (o.Restarts > 0 && r.Starts == o.Restarts && o.Interrupted);

    /// <summary>
    /// A restarted member: never more incarnations than the intensity allows, a restart only after an end that came
    /// before its interrupt, and, when its own exit ended the run, exactly the incarnations its failures call for.
    /// </summary>
    public static void CheckRestarts(MemberRecord r, MemberOutcome o, RunResult result, List<string> v)
    {
        var s = r.Spec;
        Expect(r.Starts <= s.MaxRestarts + 1, $"{r.Name}: {r.Starts} incarnations, over the intensity of {s.MaxRestarts} restarts", v);
        var ends = r.EndSeqs;
        var interrupt = r.FirstInterruptSeq;
        for (var k = 0; k < r.Starts - 1; k++)
        {
            Expect(k < ends.Count && ends[k] < interrupt, $"{r.Name}: restarted after incarnation {k + 1} ended (seq {(k < ends.Count ? ends[k] : -1)}) once its interrupt had run (seq {interrupt})", v);
        }

        if (o.Name == result.FirstExited)
        {
            var failedLast = s.ExceedsIntensity || r.Produced is not null || r.ProducedCancellation;
            var expected = failedLast ? s.MaxRestarts : s.Failures;
            Expect(o.Restarts == expected && r.Starts == expected + 1, $"{r.Name}: exited first after {r.Starts} incarnations and {o.Restarts} restarts, expected {expected} restarts", v);
        }
    }

    /// <summary>
    /// A signal member exits with an OperationCanceledException once interrupted. A nested group's member error is
    /// its own run's error, and that run keeps every rule: its first error, each of its members' interrupts once with
    /// the right error, its order, nothing abandoned (its members obey their interrupts), its completed state.
    /// </summary>
    public static void CheckNestedOrSignal(Level level, MemberRecord r, MemberOutcome o, RunResult result, TimeSpan interruptTimeout, List<string> v)
    {
        var p = level.Prefix + r.Name;
        if (StarvedPastTimeout(level, r, o, result, interruptTimeout))
        {
            return;
        }

        Expect(o.Started && !o.Abandoned && o.InterruptError is null && o.Restarts == 0, $"{p}: {o}", v);
        Expect(r.Spec.Role != Role.ExitsWhenInterrupted || o.Interrupted, $"{p}: exited once interrupted but Interrupted is false", v);
        Expect(o.Name != result.FirstExited || !o.Interrupted, $"{p}: exited first but Interrupted is true", v);
        if (r.Spec.Kind == MemberKind.Signal)
        {
            Expect(o.Error is OperationCanceledException && o.Result is null, $"{p}: a signal member interrupted exits with {Describe(o.Error)}", v);
            return;
        }

        if (o.Result is not { } nested)
        {
            v.Add($"{p}: a nested group without its run's result");
            return;
        }

        Expect(ReferenceEquals(o.Error, nested.Error), $"{p}: member error {Describe(o.Error)} is not its run's {Describe(nested.Error)}", v);
        Expect(nested.Group == r.NestedName, $"{p}: its result names group '{nested.Group}'", v);
        StateChecks.CheckCompleted(r.NestedGroup!, nested, $"{p}/", v);
        var inner = new Level(level.Lane, r.Spec.Nested!.Reverse, default, Nested: true, ParentError: result.Error, Prefix: $"{p}/", Sequential: r.Spec.Nested.Sequential);
        Check(inner, r.Children, nested, interruptTimeout, v);
    }

    /// <summary>
    /// Reverse order: walking the members from the last added, each one's interrupt comes after the previous
    /// members have finished (exited, and their interrupt returned), except that a member holds the order only until
    /// the interrupt timeout: the next one then comes after its interrupt only. That is so of a member that ignores its
    /// interrupt, and (in the Timeout lane) of one that finished an interrupt timeout or more after the order could
    /// have come to it, as a starved dispatcher on a loaded machine may make it. Members whose moments are not seen (a
    /// signal member) are skipped.
    /// </summary>
    public static void CheckReverseOrder(Level level, MemberRecord[] records, RunResult result, TimeSpan interruptTimeout, List<string> v)
    {
        long barrier = 0;
        string? holder = null;
        for (var i = records.Length - 1; i >= 0; i--)
        {
            var r = records[i];
            var o = result.Members[i];
            var interrupt = InterruptSeq(r, o);
            var seen = interrupt != long.MaxValue;
            if (seen)
            {
                Expect(interrupt > barrier, $"{level.Prefix}{r.Name}: interrupted (seq {interrupt}) before {holder} had finished (seq {barrier}) in reverse order", v);
            }

            var finished = DoneSeq(r, o);
            var heldTooLong = level.Lane == Lane.Timeout && r.Group.Between(barrier, finished) >= interruptTimeout;
            var passed = r.Spec.Role is Role.IgnoresInterrupt or Role.InterruptBlocks || heldTooLong;
            var done = passed ? (seen ? interrupt : 0) : Math.Max(seen ? interrupt : 0, finished);
            if (done > barrier)
            {
                barrier = done;
                holder = r.Name;
            }
        }
    }
}
