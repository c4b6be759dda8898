using System.Diagnostics;

namespace AkkaRunGroup.Internal;

/// <remarks>The GroupSupervisor's members' exits, its stop decision, and its interrupts.</remarks>
internal sealed partial class GroupSupervisor
{
    /// <summary>
    /// A member exited: the first exit stops the group, an exit during the drain ends it, and every exit counts towards
    /// the run's end.
    /// </summary>
    private void OnExit(int index)
    {
        var member = _members[index];
        PublishExit(member);
        if (!IsStopped)
        {
            Stop(member.Exit!.Value.Error, member.Member.Name, member.Member.StopsFromOutside);
        }
        else if (!IsInterrupted)
        {
            EndDrain();
        }

        Progress(index);
    }

    /// <summary>Decides the run's stop: its error and first exit. A stop from outside drains first, if the run drains.</summary>
    private void Stop(Exception? error, string? firstExited, bool fromOutside)
    {
        _error = error;
        _firstExited = firstExited;
        _stoppedAt = Stopwatch.GetTimestamp();
        _shutdown = ShutdownTrace.Start(_plan, firstExited, error);
        _plan.Completion.DecidedError = error;
        if (fromOutside && _plan.DrainDelay > TimeSpan.Zero)
        {
            BeginDraining();
        }
        else
        {
            BeginInterrupting();
        }
    }

    /// <summary>Interrupts every member with the run's error (or, in reverse order, the first one).</summary>
    private void BeginInterrupting()
    {
        _interruptedAt = Stopwatch.GetTimestamp();
        Become(Interrupting);
        // The line before the phase: whoever sees the run Interrupting finds the line that says why written.
        LogInterrupted();
        PublishState(RunGroupPhase.Interrupting);
        _plan.Publish(new GroupInterrupted(_plan.Name, _firstExited, _error));
        if (_plan.Order == InterruptOrder.Reverse)
        {
            _reverse = new ReverseOrder(_members);
            NextTurn();
            return;
        }

        for (var i = 0; i < _members.Length; i++)
        {
            RequestInterrupt(i);
        }

        StartTimeout(InterruptTimedOut.Instance);
        CompleteIfDone();
    }

    private void RequestInterrupt(int index)
    {
        var member = _members[index];
        if (member.InterruptReturned || member.InterruptRequested)
        {
            return;
        }

        member.InterruptRequested = true;
        if (member.Member.Interrupt(_error, Context, member.ActorStopped, out var thrown))
        {
            OnInterruptReturned(member, thrown);
        }

        Settle(member);
    }

    /// <summary>A member's state changed: count it if it is done, move the reverse order on, complete when all are done.</summary>
    private void Progress(int index)
    {
        Settle(_members[index]);
        if (_reverse?.Current is { Done: true })
        {
            NextTurn();
            return;
        }

        CompleteIfDone();
    }

    private void Settle(MemberProgress member)
    {
        if (!member.Counted && member.Done)
        {
            member.Counted = true;
            _notDone--;
        }
    }
}
