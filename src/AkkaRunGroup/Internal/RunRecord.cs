using System.Diagnostics;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The bookkeeping of one run that its GroupSupervisor keeps and, should the GroupSupervisor stop with
/// the run incomplete, its <see cref="OrphanedRun"/> takes over: the members' records, how many are not done, the
/// stop decision (its error, the first exit, when) and the shutdown activity; and what both do to end a run: publish
/// an exit, abandon the members not done, build the result.
/// </summary>
/// <remarks>One owner at a time, on its thread: the GroupSupervisor, then (if any) the OrphanedRun, which receives
/// the record in the GroupSupervisor's PostStop. Nothing here is read by another thread.</remarks>
internal sealed class RunRecord
{
    private readonly RunPlan _plan;

    public RunRecord(RunPlan plan)
    {
        _plan = plan;
        Members = Array.ConvertAll(plan.Members, static m => new MemberRecord(m));
        NotDone = Members.Length;
    }

    /// <summary>One record per member, in Add order.</summary>
    public MemberRecord[] Members { get; }

    /// <summary>How many members are not <see cref="MemberRecord.Done"/>.</summary>
    public int NotDone { get; private set; }

    /// <summary>The run's error, once the stop is decided.</summary>
    public Exception? Error { get; private set; }

    /// <summary>The member whose exit stopped the group; null for a stop from outside.</summary>
    public string? FirstExited { get; private set; }

    /// <summary>The <see cref="Stopwatch"/> timestamp of the stop decision; 0 until it is made.</summary>
    public long StoppedAt { get; private set; }

    /// <summary>The <see cref="Stopwatch"/> timestamp of the interrupt (after the drain, if any); 0 until then.</summary>
    public long InterruptedAt { get; private set; }

    /// <summary>The shutdown activity, from the stop decision to the completion; null when nobody samples it.</summary>
    public Activity? Shutdown { get; private set; }

    /// <summary>Whether the run's stop is decided: its error and first exit are known (it may still be draining).</summary>
    public bool IsStopped => StoppedAt != 0;

    /// <summary>Whether the members have been interrupted (the drain, if any, is over).</summary>
    public bool IsInterrupted => InterruptedAt != 0;

    /// <summary>Records that <paramref name="life"/> happened to <paramref name="member"/>, counting it once when it becomes done.</summary>
    public void Mark(MemberRecord member, MemberLife life)
    {
        if (member.Add(life))
        {
            NotDone--;
        }
    }

    /// <summary>Decides the run's stop: its error and its first exit (null: from outside), once.</summary>
    public void DecideStop(Exception? error, string? firstExited)
    {
        Error = error;
        FirstExited = firstExited;
        StoppedAt = Stopwatch.GetTimestamp();
        Shutdown = ShutdownTrace.Start(_plan, firstExited, error);
        _plan.Completion.DecidedError = error;
    }

    /// <summary>Records the interrupt: from now on the members are being interrupted.</summary>
    public void MarkInterrupted() => InterruptedAt = Stopwatch.GetTimestamp();

    /// <summary>Publishes the member's exit, once it is known, once: <see cref="MemberExited"/>, the exits counter, a Debug line.</summary>
    public void PublishExit(MemberRecord member)
    {
        if (member.Has(MemberLife.ExitPublished) || member.Exit is not { } exit)
        {
            return;
        }

        member.Add(MemberLife.ExitPublished);
        _plan.Telemetry.MemberExited(_plan, member.Member.Name, exit.Error);
        var elapsed = member.Member.StartedAt is { } startedAt ? Stopwatch.GetElapsedTime(startedAt, exit.ExitedAt) : TimeSpan.Zero;
        _plan.Publish(new MemberExited(_plan.Name, member.Member.Name, exit.Error, elapsed));
        LogLines.MemberExited(_plan, member.Member.Name, exit.Error);
    }

    /// <summary>The interrupt timeout elapsed: every member not done is abandoned (counted, traced, logged), and the run completes without it.</summary>
    public void AbandonNotDone()
    {
        List<string>? abandoned = null;
        foreach (var member in Members)
        {
            if (!member.Done)
            {
                member.Add(MemberLife.Abandoned);
                (abandoned ??= []).Add(member.Member.Name);
                _plan.Telemetry.MemberAbandoned(_plan, member, Shutdown);
            }
        }

        if (abandoned is not null)
        {
            LogLines.Abandoned(_plan, abandoned);
        }
    }

    /// <summary>The run's result from the member records, as of now.</summary>
    public RunResult Result()
    {
        var now = Stopwatch.GetTimestamp();
        var outcomes = new MemberOutcome[Members.Length];
        for (var i = 0; i < outcomes.Length; i++)
        {
            outcomes[i] = Members[i].ToOutcome(now);
        }

        return new RunResult(_plan.Name, Error, FirstExited, outcomes, Stopwatch.GetElapsedTime(_plan.StartedAt, now));
    }

    /// <summary>Completes the run with <paramref name="result"/>: see <see cref="RunCompletion.Complete"/>.</summary>
    public void Complete(RunResult result) => _plan.Completion.Complete(_plan, result, StoppedAt, Shutdown);
}
