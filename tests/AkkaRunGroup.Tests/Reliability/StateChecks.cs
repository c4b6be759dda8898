using static AkkaRunGroup.Tests.Reliability.ChaosChecks;

namespace AkkaRunGroup.Tests.Reliability;

/// <summary>
/// The invariants of the drain and of the state a run publishes (<c>RunGroup.State</c>): a stop from outside drains a
/// group that has a drain delay, nothing else drains, no member is interrupted before the group is Interrupting, and
/// the completed state is the run's result.
/// </summary>
public static class StateChecks
{
    /// <summary>
    /// The drain, from a run's events. A top-level run with a drain delay, stopped from outside (its token cancelled
    /// and no member named as the first exit), published one <see cref="GroupDraining"/>: before any member's exit and
    /// before <see cref="GroupInterrupted"/>, naming no member, with the run's error and the group's delay. At most one
    /// member exited between the two, since an exit during the drain ends it at once; with none, the drain elapsed, so
    /// the run lasted at least the delay (a day-long drain cannot elapse within a run's bound). Every other run (a
    /// member's own exit first, no drain delay, a nested group, a sequential group stopped before RunAsync, which
    /// starts no member) published no GroupDraining.
    /// </summary>
    /// <returns>What ended the drain, for the coverage counts; null when the run did not drain.</returns>
    public static string? CheckDrain(Level level, RunResult result, List<RunGroupEvent> events, List<string> v)
    {
        var p = level.Prefix;
        var drains = events.OfType<GroupDraining>().ToList();
        var stoppedFromOutside = result.FirstExited is null && IsCancellationOf(result.Error, level.Token);
        var startedNothing = level is { Sequential: true, StoppedAtStart: true };
        if (level.Nested || level.Drain == TimeSpan.Zero || !stoppedFromOutside || startedNothing)
        {
            var why = level.Nested ? "a nested group never drains"
                : level.Drain == TimeSpan.Zero ? "the group has no drain delay"
                : startedNothing ? "a sequential group stopped before RunAsync starts no member, so nothing drains"
                : $"'{result.FirstExited}' exited first, and a member's own exit never drains";
            Expect(drains.Count == 0, $"{p}{drains.Count} GroupDraining events, yet {why}", v);
            return null;
        }

        if (drains.Count != 1)
        {
            v.Add($"{p}stopped from outside with a drain delay of {level.Drain}, yet {drains.Count} GroupDraining events");
            return null;
        }

        var drain = drains[0];
        Expect(drain.FirstExited is null && ReferenceEquals(drain.Error, result.Error) && drain.Delay == level.Drain, $"{p}GroupDraining names '{drain.FirstExited}', error {Describe(drain.Error)}, delay {drain.Delay}", v);

        // The GroupSupervisor publishes these in the order it acts: the drain, the exits it reads, the interrupt.
        var decided = events.Where(e => e is GroupDraining or MemberExited or GroupInterrupted).ToList();
        if (!ReferenceEquals(decided[0], drain))
        {
            v.Add($"{p}{decided[0].GetType().Name} came before GroupDraining");
            return null;
        }

        var interruptAt = decided.FindIndex(e => e is GroupInterrupted);
        var exitsDuring = decided.Take(interruptAt < 0 ? decided.Count : interruptAt).OfType<MemberExited>().Select(e => e.Member).ToList();
        Expect(exitsDuring.Count <= 1, $"{p}[{string.Join(", ", exitsDuring)}] exited during the drain, yet the first exit ends it", v);
        var length = level.Drain == ChaosModel.LongDrain ? "day-long" : "1–5 ms";
        if (exitsDuring.Count > 0)
        {
            return $"a member's exit ended a {length} drain";
        }

        Expect(result.Elapsed >= level.Drain, $"{p}the drain of {level.Drain} ended with no member's exit, yet the run lasted {result.Elapsed.TotalMilliseconds:0.#} ms", v);
        return $"a {length} drain elapsed";
    }

    /// <summary>
    /// The state a member's interrupt saw when it was called: Interrupting, stopped, with the run's first exit and
    /// error. Never Draining (no member is interrupted during the drain), never NotStarted (a run is its group's before
    /// its GroupSupervisor starts), and never Running (a GroupSupervisor stopped early publishes Interrupting before it
    /// interrupts the members left).
    /// </summary>
    public static void CheckInterruptState(Level level, MemberRecord r, RunResult result, List<string> v)
    {
        var s = r.InterruptState;
        Expect(
            s is { Phase: RunGroupPhase.Interrupting, IsStopped: true } && s.FirstExited == result.FirstExited && ReferenceEquals(s.Error, result.Error),
            $"{level.Prefix}{r.Name}: its interrupt was called while the group's state was {Text(s, result)}",
            v);
    }

    /// <summary>
    /// A run stopped before it began (RunAsync's token cancelled, or <c>Interrupt</c> called, before RunAsync) is never
    /// Running: no member's execute starts while the run says so.
    /// </summary>
    public static void CheckNeverRunning(GroupSpec spec, MemberRecord[] records, List<string> v)
    {
        if (spec is not { Lane: Lane.Cancel, ExternalDelayMs: < 0 })
        {
            return;
        }

        foreach (var r in records)
        {
            Expect(r.StartState?.Phase != RunGroupPhase.Running, $"{r.Name}: its execute started while a run stopped before it began was Running", v);
        }
    }

    /// <summary>
    /// Once the run has completed, the group's state is Completed and stopped, holds the very RunResult the run
    /// returned (for a nested group, its member outcome's), and names the result's first exit and error.
    /// </summary>
    public static void CheckCompleted(RunGroup group, RunResult result, string prefix, List<string> v)
    {
        var s = group.State;
        Expect(
            s is { Phase: RunGroupPhase.Completed, IsStopped: true } && ReferenceEquals(s.Result, result) && s.Group == result.Group
            && s.FirstExited == result.FirstExited && ReferenceEquals(s.Error, result.Error),
            $"{prefix}after the run, the group's state is {Text(s, result)}",
            v);
    }

    /// <summary>A state in words, its error read protected and its result compared with the run's.</summary>
    private static string Text(RunGroupState? s, RunResult result) => s is null ? "not recorded" :
        $"{s.Phase} of '{s.Group}' (stopped: {s.IsStopped}, first exit: '{s.FirstExited}', error: {Describe(s.Error)}, result: "
        + (s.Result is null ? "none" : ReferenceEquals(s.Result, result) ? "the run's" : "another") + ")";
}
