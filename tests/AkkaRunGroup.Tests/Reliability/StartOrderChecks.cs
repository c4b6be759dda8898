using static AkkaRunGroup.Tests.Reliability.ChaosChecks;

namespace AkkaRunGroup.Tests.Reliability;

/// <summary>
/// The invariants of a group that starts its members in sequential order. The model cannot say how far a start gets
/// when a stop races it (a member's exit, a cancelled token, a terminating system, a parent's interrupt), so these
/// check what holds whatever the race: the members the start reached are a prefix of the Add order; it pauses only at
/// a member whose readiness it waits for, so only there can a stop end it; a nested group before a member that started
/// had started all of its own; a stop known at RunAsync starts nothing; and a member never started is untouched.
/// Where no stop came during the start, every member started and the usual checks apply to each.
/// </summary>
public static class StartOrderChecks
{
    /// <summary>Whether the outcome says the member never started: not started, and no error (one that could not start has one).</summary>
    public static bool NeverStarted(MemberOutcome o) => o is { Started: false, Error: null };

    /// <summary>
    /// The start of a sequential group as a whole: how far it reached (the members started, and at most one that could
    /// not start, which ends it), and where it may have ended.
    /// </summary>
    public static void CheckStart(Level level, MemberRecord[] records, RunResult result, List<string> v)
    {
        var p = level.Prefix;
        var outcomes = result.Members;
        var reached = 0;
        while (reached < outcomes.Count && !NeverStarted(outcomes[reached]))
        {
            reached++;
        }

        var beyond = outcomes.Skip(reached).Where(o => !NeverStarted(o)).Select(o => o.Name).ToList();
        Expect(beyond.Count == 0, $"{p}[{string.Join(", ", beyond)}] started though {outcomes[Math.Min(reached, outcomes.Count - 1)].Name}, added before them, never did", v);
        var couldNotStart = outcomes.Take(reached).Select((o, i) => (o, i)).Where(x => !x.o.Started).Select(x => x.i).ToList();
        Expect(couldNotStart.All(i => i == reached - 1), $"{p}members that could not start ({string.Join(", ", couldNotStart.Select(i => outcomes[i].Name))}) did not end the start", v);

        if (level.StoppedAtStart)
        {
            Expect(reached == 0, $"{p}stopped before RunAsync, yet the start reached {reached} members", v);
            return;
        }

        if (reached == 0)
        {
            // Nothing stopped the group before RunAsync: only a system that terminated before the GroupSupervisor
            // started its first member leaves every member unstarted.
            Expect(level.Terminates, $"{p}no member started, yet the group was not stopped before RunAsync", v);
            return;
        }

        if (reached < outcomes.Count)
        {
            // The start goes on at once after a member that reports no readiness (an actor member of the suite): a stop
            // can come between two members only while the start waits for one to be ready.
            var last = records[reached - 1];
            Expect(last.Spec.Kind != MemberKind.Actor || !outcomes[reached - 1].Started, $"{p}the start ended after {last.Name}, an actor member that reports no readiness, before {outcomes[reached].Name}", v);
        }

        for (var i = 0; i < reached - 1; i++)
        {
            // A nested group is ready once Running: every member at every depth of it had started.
            if (records[i].Spec.Kind == MemberKind.Nested && !(outcomes[i].Result is { } nested && StartedEverything(nested)))
            {
                v.Add($"{p}{outcomes[i + 1].Name} started, yet the nested group {records[i].Name} before it had not started all its members ({outcomes[i]})");
            }
        }
    }

    /// <summary>
    /// A member the start never reached: its outcome says so (no error, not interrupted, not abandoned, no restarts, no
    /// nested result, "never started"), and nothing of it ran: no execute or actor, no interrupt, no token
    /// cancellation, no PostStop, at any depth; a nested group of it was never run (its state is NotStarted).
    /// </summary>
    public static void CheckNeverStarted(Level level, MemberRecord r, MemberOutcome o, List<string> v)
    {
        var p = level.Prefix + r.Name;
        Expect(
            o is { Error: null, Interrupted: false, InterruptError: null, Abandoned: false, Restarts: 0, Result: null } && o.Elapsed == TimeSpan.Zero,
            $"{p}: never started, yet its outcome is {o} (interrupt error {Describe(o.InterruptError)}, elapsed {o.Elapsed.TotalMilliseconds:0.#} ms, restarts {o.Restarts}, nested result: {o.Result is not null})",
            v);
        Expect(o.ToString() == $"{o.Name}: never started", $"{p}: never started, yet its outcome reads '{o}'", v);
        var touched = Touched(r, r.Name).ToList();
        Expect(touched.Count == 0, $"{p}: never started, yet {string.Join(", ", touched)}", v);
    }

    /// <summary>
    /// A sequential group's MemberStarted events, in the order the EventStream delivered them. Each member starts once
    /// the one before it is ready, and a member is ready only after its MemberStarted: the events come in Add order.
    /// The group's stop (its GroupDraining, else its GroupInterrupted) ends the start, so every member that started
    /// was created before it; the only MemberStarted that may come after it is the last one, of a sync or async member
    /// whose execute began late (the others publish theirs as they are created).
    /// </summary>
    public static void CheckStartEvents(MemberRecord[] records, RunResult result, List<RunGroupEvent> events, List<string> v)
    {
        var started = events.Select((e, i) => (e, i)).Where(x => x.e is MemberStarted).Select(x => (((MemberStarted)x.e).Member, At: x.i)).ToList();
        var inOrder = result.Members.Where(m => m.Started).Select(m => m.Name).ToList();
        Expect(started.Select(s => s.Member).SequenceEqual(inOrder), $"MemberStarted events [{string.Join(", ", started.Select(s => s.Member))}], not the started members in Add order [{string.Join(", ", inOrder)}]", v);
        var stopAt = events.FindIndex(e => e is GroupDraining or GroupInterrupted);
        var late = started.Where(s => stopAt >= 0 && s.At > stopAt).Select(s => s.Member).ToList();
        var lastLate = late.Count == 1 && inOrder.Count > 0 && late[0] == inOrder[^1]
            && records.FirstOrDefault(r => r.Name == late[0])?.Spec.Kind is MemberKind.Sync or MemberKind.Async or MemberKind.Signal;
        Expect(late.Count == 0 || lastLate, $"[{string.Join(", ", late)}] started after the group's {events[Math.Max(stopAt, 0)].GetType().Name}", v);
    }

    /// <summary>The names of a never-started member's nested groups, its own and those in it, none of which published an event.</summary>
    public static IEnumerable<string> NestedNames(MemberRecord r) =>
        r.Children.SelectMany(NestedNames).Prepend(r.NestedName).OfType<string>();

    private static bool StartedEverything(RunResult result) =>
        result.Members.All(m => m.Started && (m.Result is not { } nested || StartedEverything(nested)));

    /// <summary>What ran of a member (or, for a nested group, of anything in it) that should not have.</summary>
    private static IEnumerable<string> Touched(MemberRecord r, string path)
    {
        if (r.Starts > 0)
        {
            yield return $"{path} started {r.Starts} times";
        }

        if (r.Interrupts > 0)
        {
            yield return $"{path} was interrupted {r.Interrupts} times";
        }

        if (r.TokenCancels > 0)
        {
            yield return $"{path} had its token cancelled {r.TokenCancels} times";
        }

        if (r.PostStops > 0)
        {
            yield return $"{path} had its PostStop run {r.PostStops} times";
        }

        if (r.NestedGroup is { State: { Phase: not RunGroupPhase.NotStarted } state })
        {
            yield return $"{path} has the state {state.Phase}";
        }

        foreach (var child in r.Children)
        {
            foreach (var x in Touched(child, $"{path}/{child.Name}"))
            {
                yield return x;
            }
        }
    }
}
