using System.Diagnostics;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The end of a run whose GroupSupervisor stopped before the run was complete (stopped from outside,
/// its ActorSystem terminating, or a failure of its own). No actor is left to report to, so this waits, without
/// holding a thread, until every member has finished or the interrupt timeout (counted from the interrupt) has
/// elapsed, then completes the run as the GroupSupervisor would have: through the same <see cref="RunRecord"/>, which
/// it takes over from the GroupSupervisor's PostStop. From then on it alone reads and changes the record, one check
/// at a time.
/// </summary>
internal sealed class OrphanedRun(RunPlan plan, RunRecord run)
{
    /// <summary>The longest single wait: a registered wait takes at most about 49 days, a timeout may be longer.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    private readonly ManualResetEventSlim _finished = new();

    public void Start() => Check();

    /// <summary>Records the members that have finished; waits again for the others, or completes the run.</summary>
    private void Check()
    {
        _finished.Reset();
        var finished = run.Members.Where(m => !m.Done && m.Member.WatchFinish(_finished)).ToList();
        foreach (var member in finished)
        {
            TakeEnd(member);
            run.Mark(member, MemberRecord.DoneWhen);
        }

        var left = plan.InterruptTimeout == Timeout.InfiniteTimeSpan ? LongestWait : plan.InterruptTimeout - Stopwatch.GetElapsedTime(run.InterruptedAt);
        if (run.NotDone == 0 || left <= TimeSpan.Zero)
        {
            Complete();
            return;
        }

        ThreadPool.UnsafeRegisterWaitForSingleObject(
            _finished.WaitHandle, static (orphaned, _) => ((OrphanedRun)orphaned!).Check(), this, left < LongestWait ? left : LongestWait, executeOnlyOnce: true);
    }

    private void Complete()
    {
        foreach (var member in run.Members)
        {
            if (!member.Done)
            {
                TakeEnd(member);
            }
        }

        run.AbandonNotDone();
        foreach (var member in run.Members)
        {
            if (!member.Has(MemberLife.Abandoned))
            {
                run.PublishExit(member);
            }
        }

        run.Complete(run.Result());
    }

    /// <summary>Reads what the member recorded of its end: its exit, unless its actor's Terminated gave it, and its interrupt's error.</summary>
    private static void TakeEnd(MemberRecord member)
    {
        var (exit, interruptError) = member.Member.EndAfterOrphaned();
        member.Exit = member.Has(MemberLife.ActorStopped) ? member.Exit : exit;
        member.InterruptError ??= interruptError;
    }
}
