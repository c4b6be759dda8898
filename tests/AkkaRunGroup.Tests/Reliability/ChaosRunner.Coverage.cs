namespace AkkaRunGroup.Tests.Reliability;

/// <remarks>What the runs covered, counted by kind of event for the suite to print.</remarks>
public sealed partial class ChaosRunner
{
    /// <summary>The coverage count of groups, top-level and nested, that started their members in sequential order.</summary>
    public const string SequentialGroups = "sequential groups (nested ones too)";

    /// <summary>The coverage count of members that a sequential start never reached, nested ones too.</summary>
    public const string NeverStartedMembers = "members never started (nested ones too)";

    /// <summary>The coverage count of sequential groups whose start a member's exit ended before it reached every member.</summary>
    public const string StartsEndedByAnExit = "sequential groups whose start a member's exit ended";

    /// <summary>The coverage count of sequential groups whose start a stop from outside (not known at RunAsync) ended.</summary>
    public const string StartsEndedFromOutside = "sequential groups whose start a stop from outside ended";

    /// <summary>Counts what one run covered; <paramref name="drainEnd"/> is what ended its drain, from its events (null: none seen).</summary>
    private void Count(GroupSpec spec, Level level, MemberRecord[] records, RunResult result, string? drainEnd)
    {
        void Add(string key, int n = 1) => Coverage.AddOrUpdate(key, n, (_, c) => c + n);
        Add($"lane {spec.Lane}");
        if (spec.Lane == Lane.Terminating)
        {
            var outcome = level.Lane != Lane.Terminating ? "refused, then run on the shared system"
                : result.Members.Any(m => m.Started) ? "ran" : "completed with no member started";
            Add($"Terminating runs, {TerminatingMoment(spec)}: {outcome}");
        }

        Add("members", spec.Members.Length);
        foreach (var kind in spec.Members.GroupBy(m => m.Kind))
        {
            Add($"{kind.Key} members", kind.Count());
        }

        CountFeatures(spec.Members, result.Members, depth: 0, Add);
        CountStart(spec.Sequential, result, level.StoppedAtStart, $"top-level, lane {level.Lane}", Add);
        if (spec.Reverse)
        {
            Add("runs in reverse order");
        }

        Add("abandoned members", result.Members.Count(m => m.Abandoned));
        Add("abandoned members that obey their interrupt (a starved thread pool)", spec.Members.Zip(result.Members).Count(x => x.Second.Abandoned && x.First.Role is not (Role.IgnoresInterrupt or Role.InterruptBlocks)));
        Add("members whose interrupt threw", result.Members.Count(m => m.InterruptError is not null));
        Add(result.FirstExited is null ? "runs interrupted from outside first" : "runs ended by a member's exit");
        Add(spec.SelfExiting > 1 ? "runs with racing exits" : "runs with at most one member exiting on its own");
        CountDrain(spec, level, records, result, drainEnd, Add);
    }

    /// <summary>
    /// Counts the drain delays drawn, the runs that drained and what ended their drain, the runs a member's exit
    /// stopped before any drain, and the states the interrupts saw (nested groups' included).
    /// </summary>
    private static void CountDrain(GroupSpec spec, Level level, MemberRecord[] records, RunResult result, string? drainEnd, Action<string, int> add)
    {
        if (spec.Drain > TimeSpan.Zero)
        {
            add($"groups with a drain delay of {(spec.Drain == ChaosModel.LongDrain ? "a day" : "1–5 ms")}, lane {spec.Lane}", 1);
            if (drainEnd is not null)
            {
                add($"runs that drained: {drainEnd}", 1);
            }
            else if (result.FirstExited is not null)
            {
                add($"runs with a drain delay that a member's exit stopped first (no drain), lane {level.Lane}", 1);
            }
        }

        if (spec.CancelsFirst && result.FirstExited is null && ChaosChecks.IsCancellationOf(result.Error, level.Token))
        {
            add(spec.SelfExiting == 0
                ? "Terminate runs cancelled first that drained until the terminating system ended the drain"
                : "Terminate runs cancelled first that drained until the terminating system or a member's exit ended the drain", 1);
        }

        var lanes = level.Terminates ? "in the Terminate and Terminating lanes" : "in the other lanes";
        foreach (var state in AllOf(records).Select(r => r.InterruptState).OfType<RunGroupState>())
        {
            add($"interrupts {lanes} that saw the state {state.Phase}", 1);
        }
    }

    /// <summary>
    /// Counts a sequential group (<paramref name="where"/> it ran), the members its start never reached, and what ended
    /// its start early: a member's exit, a stop from outside during the start (for a nested group, its parent's
    /// interrupt), or a stop known at RunAsync (or, in the Terminating lane, a system that terminated first).
    /// </summary>
    private static void CountStart(bool sequential, RunResult result, bool stoppedAtStart, string where, Action<string, int> add)
    {
        if (!sequential)
        {
            return;
        }

        add(SequentialGroups, 1);
        add($"sequential groups, {where}", 1);
        var never = result.Members.Count(StartOrderChecks.NeverStarted);
        if (never == 0)
        {
            add("sequential groups that started every member", 1);
            return;
        }

        add(NeverStartedMembers, never);
        add(
            result.FirstExited is not null ? StartsEndedByAnExit
            : stoppedAtStart ? "sequential groups stopped before RunAsync (no member started)"
            : never == result.Members.Count ? "sequential groups whose system terminated before their first member started"
            : StartsEndedFromOutside,
            1);
    }

    /// <summary>The records of a group's members and, depth first, of its nested groups' members.</summary>
    private static IEnumerable<MemberRecord> AllOf(MemberRecord[] records) => records.SelectMany(r => AllOf(r.Children).Prepend(r));

    /// <summary>Counts nested groups (and what is in them), restarts, signal members, odd names and throwing errors, at every depth.</summary>
    private static void CountFeatures(MemberSpec[] members, IReadOnlyList<MemberOutcome> outcomes, int depth, Action<string, int> add)
    {
        if (members.Any(m => m.Name is not null))
        {
            add("groups with odd names (nested ones too)", 1);
            var actorNames = members.Select((m, i) => OddNames.EscapedAndCut(m.Name ?? $"m{i}")).ToList();
            add("members whose name escapes or cuts to an earlier member's", actorNames.Count - actorNames.Distinct(StringComparer.Ordinal).Count());
        }

        for (var i = 0; i < members.Length && i < outcomes.Count; i++)
        {
            var m = members[i];
            if (m.Name is not null)
            {
                add("members with odd names", 1);
            }

            if (m.Errors != ErrorKind.Plain && m.Kind is not (MemberKind.Nested or MemberKind.Signal))
            {
                add($"members with {m.Errors} errors", 1);
            }

            if (depth > 0)
            {
                add($"{m.Kind} members nested at depth {depth}", 1);
            }

            if (m.MaxRestarts > 0)
            {
                add("members with a restart policy", 1);
                add("restarts", outcomes[i].Restarts);
                add(m.ExceedsIntensity ? "restarted members failing over the intensity" : "restarted members that recover", 1);
            }

            if (m.Nested is { } nested && outcomes[i].Result is { } result)
            {
                add(result.FirstExited is null ? "nested groups interrupted by their parent" : "nested groups ended by their own member", 1);
                if (nested.Reverse)
                {
                    add("nested groups in reverse order", 1);
                }

                if (nested.OwnDrain)
                {
                    add("nested groups with a drain delay of their own (a day, never used)", 1);
                }

                CountStart(nested.Sequential, result, stoppedAtStart: false, $"nested at depth {depth + 1}", add);

                CountFeatures(nested.Members, result.Members, depth + 1, add);
            }
        }
    }
}
