using System.Diagnostics;
using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <remarks>The GroupSupervisor's turns of the reverse order, its ways of ending, its log lines and its Props.</remarks>
internal sealed partial class GroupSupervisor
{
    private static readonly TimeSpan LongestSchedule = TimeSpan.FromDays(1);

    /// <summary>Interrupts the member whose turn has come; once every member has had its turn, the run completes.</summary>
    private void NextTurn()
    {
        while (_reverse!.NextTurn() is { } member)
        {
            RequestInterrupt(Array.IndexOf(_members, member));
            if (!member.Done)
            {
                StartTimeout(new StepTimedOut(_reverse.Turn));

                return;
            }
        }

        _timeout?.Cancel();
        if (_notDone == 0)
        {
            Complete();
        }
        else
        {
            // The members that held their turn until its timeout and still run are abandoned now.
            Abandon();
        }
    }

    /// <summary>Starts the interrupt timeout of the whole interrupt, or of one turn, replacing the previous one.</summary>
    private void StartTimeout(object timedOut)
    {
        _timeout?.Cancel();
        _timeout = null;
        _timeoutFrom = Stopwatch.GetTimestamp();
        ScheduleTimeout(timedOut);
    }

    /// <summary>
    /// Whether the current timeout has elapsed. Akka's scheduler takes a day at a time at most (beyond its range it
    /// fires at once), so a longer timeout is scheduled again until it has elapsed.
    /// </summary>
    private bool TimeoutElapsed(object timedOut)
    {
        if (_plan.InterruptTimeout - Stopwatch.GetElapsedTime(_timeoutFrom) <= TimeSpan.Zero)
        {
            return true;
        }

        ScheduleTimeout(timedOut);
        return false;
    }

    private void ScheduleTimeout(object timedOut)
    {
        if (_plan.InterruptTimeout != Timeout.InfiniteTimeSpan)
        {
            var left = _plan.InterruptTimeout - Stopwatch.GetElapsedTime(_timeoutFrom);
            _timeout = Context.System.Scheduler.ScheduleTellOnceCancelable(left < LongestSchedule ? left : LongestSchedule, Self, timedOut, Self);
        }
    }

    private void OnTurnTimedOut(StepTimedOut timedOut)
    {
        if (_reverse?.Current is { } member && timedOut.Turn == _reverse.Turn && TimeoutElapsed(timedOut))
        {
            LogLines.TurnTimedOut(_plan, member.Member.Name);
            NextTurn();
        }
    }

    private void CompleteIfDone()
    {
        if (_notDone == 0 && IsInterrupted && _reverse?.Current is null && _result is null)
        {
            Complete();
        }
    }

    private void Complete()
    {
        _result = ResultOf(_plan, _members, _error, _firstExited);
        Become(Completed);
        Context.Stop(Self);
    }

    /// <summary>The interrupt timeout elapsed: the members not done are abandoned, and the run completes without them.</summary>
    private void Abandon()
    {
        var abandoned = new List<string>();
        foreach (var member in _members)
        {
            if (!member.Done)
            {
                member.Abandoned = true;
                abandoned.Add(member.Member.Name);
                _plan.Telemetry.MemberAbandoned(_plan, member, _shutdown);
            }
        }

        LogLines.Abandoned(_plan, abandoned);
        Complete();
    }

    /// <summary>
    /// The GroupSupervisor's own code threw. It stops rather than be restarted (a restart would start every member
    /// again), and its PostStop finishes the run as after any early stop.
    /// </summary>
    private bool Fail(Exception e)
    {
        _ownFailure = e;
        LogLines.SupervisorFailed(_plan, e);
        Become(Completed);
        Context.Stop(Self);
        return true;
    }

    /// <summary>
    /// The GroupSupervisor stopped before its run was complete: stopped from outside, its ActorSystem terminating, or a
    /// failure of its own. Every member actor has stopped. The group is interrupted now if it was not, the members
    /// left are told so directly, and an <see cref="OrphanedRun"/> completes the run once they have finished.
    /// </summary>
    private void OrphanRun()
    {
        if (!IsStopped)
        {
            _error = StoppedEarly();
            _stoppedAt = Stopwatch.GetTimestamp();
            _shutdown = ShutdownTrace.Start(_plan, null, _error);
        }

        if (!IsInterrupted)
        {
            _interruptedAt = Stopwatch.GetTimestamp();
            PublishState(RunGroupPhase.Interrupting);
            LogInterrupted();
            _plan.Publish(new GroupInterrupted(_plan.Name, _firstExited, _error));
        }

        _plan.Completion.DecidedError = _error;
        foreach (var member in _members)
        {
            if (!member.Spawned)
            {
                // The GroupSupervisor failed before it could start this member: it never ran, and has nothing to interrupt.
                member.ActorStopped = member.InterruptReturned = true;
                continue;
            }

            var interrupt = !member.InterruptRequested && !member.InterruptReturned;
            if (!member.ActorStopped || interrupt)
            {
                member.Member.Orphan(_error, interrupt);
                member.InterruptRequested |= interrupt;
            }
        }

        new OrphanedRun(_plan, _members, _error, _firstExited, _interruptedAt, _stoppedAt, _shutdown).Start();
    }

    private Exception StoppedEarly()
    {
        if (_ownFailure is not null)
        {
            return new InvalidOperationException($"The GroupSupervisor of run group '{_plan.Name}' failed.", _ownFailure);
        }

        var reason = CoordinatedShutdown.Get(Context.System).ShutdownReason;
        return new ActorSystemTerminatedException(reason is null
            ? $"The GroupSupervisor of run group '{_plan.Name}' was stopped from outside the group while the group was running (ActorSystem '{Context.System.Name}')."
            : $"ActorSystem '{Context.System.Name}' terminated while run group '{_plan.Name}' was running (shutdown reason: {reason}).");
    }

    private void LogInterrupted()
    {
        if (_firstExited is null)
        {
            LogLines.InterruptedFromOutside(_plan, _error, _members.Length);
        }
        else
        {
            LogLines.FirstExit(_plan, _firstExited, _error, _members.Length);
        }
    }

    /// <summary>The run's result from its member records, as of now: built once, when the run completes.</summary>
    internal static RunResult ResultOf(RunPlan plan, MemberProgress[] members, Exception? error, string? firstExited)
    {
        var now = Stopwatch.GetTimestamp();
        var outcomes = new MemberOutcome[members.Length];
        for (var i = 0; i < outcomes.Length; i++)
        {
            outcomes[i] = members[i].ToOutcome(now);
        }

        return new RunResult(plan.Name, error, firstExited, outcomes, Stopwatch.GetElapsedTime(plan.StartedAt, now));
    }
}
