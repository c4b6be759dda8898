using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <remarks>
/// The GroupSupervisor's phases around the interrupt: <see cref="Starting"/> until every member that reports readiness
/// has, and <see cref="Draining"/> between a stop from outside and the interrupt; and how each phase is published.
/// </remarks>
internal sealed partial class GroupSupervisor
{
    private int _notReady;
    private ICancelable? _drainTimer;
    private DrainSignals? _drainSignals;

    /// <summary>Every member was started, and some member that reports readiness has not yet.</summary>
    private bool Starting(object message)
    {
        if (message is MemberReady)
        {
            OnReady(Sender);
            return true;
        }

        return Running(message);
    }

    /// <summary>
    /// Stopped from outside, the group waits out its drain delay with every member still running; the delay's end, a
    /// member's exit, a signal or the ActorSystem terminating ends the drain and interrupts the group. Any other second
    /// stop from outside changes nothing.
    /// </summary>
    private bool Draining(object message)
    {
        try
        {
            switch (message)
            {
                case Terminated terminated:
                    OnTerminated(terminated.ActorRef);
                    return true;
                case DrainElapsed:
                    EndDrain();
                    return true;
                case DrainCut cut:
                    LogLines.DrainCut(_plan, cut.Signal);
                    EndDrain();
                    return true;
                case InterruptGroup { Drains: false }:
                    // The ActorSystem is terminating: nothing is left to drain for.
                    EndDrain();
                    return true;
                case InterruptGroup or MemberReady:
                    return true;
                default:
                    return OnReport(message);
            }
        }
        catch (Exception e)
        {
            return Fail(e);
        }
    }

    private void OnReady(IActorRef actor)
    {
        foreach (var member in _members)
        {
            if (member.AwaitingReady && actor.Equals(member.Actor))
            {
                member.AwaitingReady = false;
                if (--_notReady == 0)
                {
                    BecomeRunning();
                }

                return;
            }
        }
    }

    /// <summary>Every member started: the run is Running, and a nested group tells its parent it is ready.</summary>
    private void BecomeRunning()
    {
        Become(Running);
        PublishState(RunGroupPhase.Running);
        if (_plan.IsNested)
        {
            Context.Parent.Tell(MemberReady.Instance, Self);
        }
    }

    private void BeginDraining()
    {
        // The handlers first: whoever sees the run Draining (a readiness probe, the log line) may signal again at once.
        _drainSignals = DrainSignals.Register(Self);
        Become(Draining);
        // The line before the phase: whoever sees the run Draining finds the line that says why written.
        LogLines.DrainBegins(_plan, _firstExited, _error, _members.Length);
        PublishState(RunGroupPhase.Draining);

        _plan.Publish(new GroupDraining(_plan.Name, _firstExited, _error, _plan.DrainDelay));
        _drainTimer = Context.System.Scheduler.ScheduleTellOnceCancelable(_plan.DrainDelay, Self, DrainElapsed.Instance, Self);
    }

    private void EndDrain()
    {
        EndDrainTimers();
        BeginInterrupting();
    }

    private void EndDrainTimers()
    {
        _drainTimer?.Cancel();
        _drainTimer = null;
        _drainSignals?.Dispose();
        _drainSignals = null;
    }

    /// <summary>Publishes the run's new phase, which readers of <see cref="RunGroup.State"/> see from now on.</summary>
    private void PublishState(RunGroupPhase phase) =>
        _plan.Completion.ChangeState(new RunGroupState(_plan.Name, phase, DateTimeOffset.UtcNow, IsStopped, _firstExited, _error, null));
}
