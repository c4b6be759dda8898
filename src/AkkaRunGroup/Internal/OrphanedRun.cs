using System.Diagnostics;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The end of a run whose GroupSupervisor stopped before the run was complete (stopped from outside,
/// its ActorSystem terminating, or a failure of its own). No actor is left to report to, so this waits, on a
/// thread of its own, until every member has finished or the interrupt timeout (counted from the interrupt) has
/// elapsed, then completes the run. It takes the GroupSupervisor's member records over from its PostStop: from then
/// on it alone reads and changes them.
/// </summary>
internal sealed class OrphanedRun(RunPlan plan, MemberProgress[] members, Exception? error, string? firstExited, long interruptedAt)
{
    /// <summary>The longest single wait: a .NET wait takes at most about 24.8 days, a timeout may be longer.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    public void Start() => new Thread(static r => ((OrphanedRun)r!).WaitThenComplete())
    {
        IsBackground = true,
        Name = $"run-group {plan.Name} orphaned",
    }.Start(this);

    private void WaitThenComplete()
    {
        var waiting = members.Where(m => !m.Done).ToList();
        using (var finished = new ManualResetEventSlim())
        {
            while (true)
            {
                finished.Reset();
                waiting.RemoveAll(m => m.Member.WatchFinish(finished));
                var left = plan.InterruptTimeout == Timeout.InfiniteTimeSpan
                    ? LongestWait
                    : plan.InterruptTimeout - Stopwatch.GetElapsedTime(interruptedAt);
                if (waiting.Count == 0 || left <= TimeSpan.Zero)
                {
                    break;
                }

                finished.Wait(left < LongestWait ? left : LongestWait);
            }
        }

        foreach (var member in members)
        {
            if (!member.Done)
            {
                var (exit, interruptError) = member.Member.EndAfterOrphaned();
                member.Exit = member.ActorStopped ? member.Exit : exit;
                member.InterruptError ??= interruptError;
                member.Abandoned = waiting.Contains(member);
            }

            if (!member.Abandoned)
            {
                GroupSupervisor.PublishExit(plan, member);
            }
        }

        if (waiting.Count > 0)
        {
            GroupSupervisor.WarnAbandoned(plan, [.. waiting.Select(m => m.Member.Name)]);
        }

        var now = Stopwatch.GetTimestamp();
        var outcomes = Array.ConvertAll(members, m => m.ToOutcome(now));
        plan.Completion.Complete(plan, new RunResult(plan.Name, error, firstExited, outcomes, Stopwatch.GetElapsedTime(plan.StartedAt, now)));
    }
}
