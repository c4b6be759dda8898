using System.Diagnostics;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The end of a run whose GroupSupervisor stopped before the run was complete (stopped from outside,
/// its ActorSystem terminating, or a failure of its own). No actor is left to report to, so this waits, without
/// holding a thread, until every member has finished or the interrupt timeout (counted from the interrupt) has
/// elapsed, then completes the run. It takes the GroupSupervisor's member records over from its PostStop: from then
/// on it alone reads and changes them, one check at a time.
/// </summary>
/// <remarks>The run's stop decision (<paramref name="stoppedAt"/>) and its shutdown activity come with it, for its completion.</remarks>
internal sealed class OrphanedRun(
    RunPlan plan, MemberProgress[] members, Exception? error, string? firstExited, long interruptedAt, long stoppedAt, Activity? shutdown)
{
    /// <summary>The longest single wait: a registered wait takes at most about 49 days, a timeout may be longer.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    private readonly ManualResetEventSlim _finished = new();
    private List<MemberProgress> _waiting = [];

    public void Start()
    {
        _waiting = members.Where(m => !m.Done).ToList();
        Check();
    }

    /// <summary>Drops the members that have finished; waits again for the others, or completes the run.</summary>
    private void Check()
    {
        _finished.Reset();
        _waiting.RemoveAll(m => m.Member.WatchFinish(_finished));
        var left = plan.InterruptTimeout == Timeout.InfiniteTimeSpan ? LongestWait : plan.InterruptTimeout - Stopwatch.GetElapsedTime(interruptedAt);
        if (_waiting.Count == 0 || left <= TimeSpan.Zero)
        {
            Complete();
            return;
        }

        ThreadPool.UnsafeRegisterWaitForSingleObject(
            _finished.WaitHandle, static (run, _) => ((OrphanedRun)run!).Check(), this, left < LongestWait ? left : LongestWait, executeOnlyOnce: true);
    }

    private void Complete()
    {
        foreach (var member in members)
        {
            if (!member.Done)
            {
                var (exit, interruptError) = member.Member.EndAfterOrphaned();
                member.Exit = member.ActorStopped ? member.Exit : exit;
                member.InterruptError ??= interruptError;
                member.Abandoned = _waiting.Contains(member);
            }

            if (member.Abandoned)
            {
                plan.Telemetry.MemberAbandoned(plan, member, shutdown);
            }
            else
            {
                GroupSupervisor.PublishExit(plan, member);
            }
        }

        if (_waiting.Count > 0)
        {
            LogLines.Abandoned(plan, [.. _waiting.Select(m => m.Member.Name)]);
        }

        plan.Completion.Complete(plan, GroupSupervisor.ResultOf(plan, members, error, firstExited), stoppedAt, shutdown);
    }
}
