using System.Diagnostics;
using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The actor at the root of a run, and the only owner of the run's state. It spawns one child actor per
/// member and watches each; it alone decides the first exit (a member's Terminated, or an outside
/// <see cref="InterruptGroup"/>), interrupts every member, counts what has returned, runs the interrupt timeout, and
/// completes the run from its PostStop, which Akka runs once every child has stopped.
/// </summary>
/// <remarks>
/// <para>Its phases are behaviours, each published as the run's <see cref="RunGroupState"/>: <see cref="Starting"/>
/// (a member that reports readiness has not yet), <see cref="Running"/> (every member started, nothing stopped the
/// group yet), <see cref="Draining"/> (stopped from outside, waiting out the drain delay), <see cref="Interrupting"/>
/// (every member interrupted at once, or one turn at a time in reverse order), then <see cref="Completed"/> (its
/// result is built; it is stopping). A member is done once its actor has stopped, its
/// execute has returned and its interrupt has returned; the run completes when every member is done, or when the
/// interrupt timeout elapses (the members not done are then abandoned).</para>
/// <para>Should it stop before that (stopped from outside, its ActorSystem terminating, or a failure of its own), its
/// PostStop interrupts the members that are left and hands the wait to an <see cref="OrphanedRun"/>.</para>
/// </remarks>
internal sealed partial class GroupSupervisor : ActorBase
{
    private const int SmallGroup = 8;

    private readonly RunPlan _plan;
    private readonly MemberProgress[] _members;
    private readonly Dictionary<IActorRef, int>? _byActor;
    private Dictionary<IActorRef, Exception>? _failures;
    private int _notDone;
    private Exception? _error;
    private string? _firstExited;
    private long _stoppedAt;
    private Activity? _shutdown;
    private long _interruptedAt;
    private ReverseOrder? _reverse;
    private RunResult? _result;
    private Exception? _ownFailure;
    private ICancelable? _timeout;
    private long _timeoutFrom;
    private bool _replaced;

    /// <summary>Made by <see cref="GroupSupervisorProps"/> only.</summary>
    internal GroupSupervisor(RunPlan plan)
    {
        _plan = plan;
        _members = Array.ConvertAll(plan.Members, static m => new MemberProgress(m));
        // A small group finds a member's actor by looking at each: a dictionary would cost more than the search.
        _byActor = _members.Length > SmallGroup ? new Dictionary<IActorRef, int>(_members.Length) : null;
        _notDone = _members.Length;
    }

    /// <summary>Whether the run's stop is decided: its error and first exit are known (it may still be draining).</summary>
    private bool IsStopped => _stoppedAt != 0;

    private bool IsInterrupted => _interruptedAt != 0;

    /// <remarks>Failures are rare: their record is created with the first one.</remarks>
    protected override SupervisorStrategy SupervisorStrategy() =>
        new StopAndRecordStrategy((child, failure) => (_failures ??= []).TryAdd(child, failure));

    protected override void PreStart()
    {
        try
        {
            StartMembers();
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    private void StartMembers()
    {
        _plan.Completion.SupervisorStarted();
        _plan.Telemetry.RunStarted(_plan);
        var names = ActorNames.ForMembers(_plan.Members);
        var firstFailed = -1;
        for (var i = 0; i < _members.Length; i++)
        {
            try
            {
                _members[i].Spawned = true;
                _plan.Telemetry.MemberStarted(_plan);
                var actor = _members[i].Member.Start(Context, _plan, names[i]);
                Context.Watch(actor);
                _members[i].Actor = actor;
                _byActor?.Add(actor, i);
                if (_members[i].Member.ReportsReady)
                {
                    _members[i].AwaitingReady = true;
                    _notReady++;
                }
            }
            catch (Exception e)
            {
                _members[i].StartFailed(e, Stopwatch.GetTimestamp());
                Settle(_members[i]);
                firstFailed = firstFailed < 0 ? i : firstFailed;
            }
        }

        if (firstFailed >= 0)
        {
            Become(Running);
            OnExit(firstFailed);
            for (var i = firstFailed + 1; i < _members.Length; i++)
            {
                if (_members[i].Exit is not null && !_members[i].ExitPublished)
                {
                    OnExit(i);
                }
            }
        }
        else if (_members.Length == 0)
        {
            // A nested group with no members: nothing to interrupt, the run is over as soon as it began.
            _stoppedAt = _interruptedAt = Stopwatch.GetTimestamp();
            _shutdown = ShutdownTrace.Start(_plan, null, null);
            Complete();
        }
        else if (_plan.StopAtStart is { } stop)
        {
            // Stopped before it began: the run goes from Starting to its stop, never Running (a readiness probe
            // never passes); the stop's own message, sent again once started, finds the run stopped.
            Become(_notReady > 0 ? Starting : Running);
            Stop(stop.Error, null, fromOutside: stop.Drains);
        }
        else if (_notReady > 0)
        {
            Become(Starting);
        }
        else
        {
            BecomeRunning();
        }
    }

    protected override bool Receive(object message) => false;

    /// <remarks>
    /// A GroupSupervisor is never restarted (a restart would start every member again): should Akka restart it after a
    /// failure outside its own handlers, the failed instance's PostStop finishes the run and the new one stops at once.
    /// </remarks>
    protected override void PreRestart(Exception reason, object message)
    {
        _ownFailure = reason;
        base.PreRestart(reason, message);
    }

    protected override void PostRestart(Exception reason)
    {
        _replaced = true;
        Context.Stop(Self);
    }

    /// <summary>Every member started; the first exit, or an outside interrupt, ends this phase.</summary>
    private bool Running(object message)
    {
        try
        {
            switch (message)
            {
                case Terminated terminated:
                    OnTerminated(terminated.ActorRef);
                    return true;
                case InterruptGroup interrupt:
                    Stop(interrupt.Error, null, fromOutside: interrupt.Drains);
                    return true;
                case MemberReady:
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

    /// <summary>The group is interrupted; the run completes when every member is done, or at the interrupt timeout.</summary>
    private bool Interrupting(object message)
    {
        try
        {
            switch (message)
            {
                case Terminated terminated:
                    OnTerminated(terminated.ActorRef);
                    return true;
                case InterruptGroup or MemberReady or DrainElapsed or DrainCut:
                    return true;
                case InterruptTimedOut when TimeoutElapsed(InterruptTimedOut.Instance):
                    Abandon();
                    return true;
                case InterruptTimedOut:
                    return true;
                case StepTimedOut timedOut:
                    OnTurnTimedOut(timedOut);
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

    /// <summary>The result is built and the actor is stopping: nothing more counts.</summary>
    private static bool Completed(object message) => true;

    protected override void PostStop()
    {
        if (_replaced)
        {
            return;
        }

        _timeout?.Cancel();
        EndDrainTimers();
        if (_result is not null)
        {
            _plan.Completion.Complete(_plan, _result, _stoppedAt, _shutdown);
        }
        else
        {
            OrphanRun();
        }
    }
}
