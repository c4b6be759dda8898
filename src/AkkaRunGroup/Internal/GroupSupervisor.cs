using System.Diagnostics;
using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The actor at the root of a run, and the only owner of the run's state (its <see cref="RunRecord"/>).
/// It spawns one child actor per member and watches each; it alone decides the run's stop (a member's first exit, or
/// an outside <see cref="InterruptGroup"/>), interrupts every member, records what has returned, runs the drain and
/// the interrupt timeout, and completes the run from its PostStop, which Akka runs once every child has stopped.
/// </summary>
/// <remarks>
/// <para>This file reads in the order of a run. Its phases are behaviours, each published as the run's
/// <see cref="RunGroupState"/>: <see cref="Starting"/> (a member that reports readiness has not yet),
/// <see cref="Running"/> (every member started, nothing stopped the group yet), <see cref="Draining"/> (stopped from
/// outside, waiting out the drain delay), <see cref="Interrupting"/> (every member interrupted at once, or one turn at
/// a time in reverse order), then <see cref="Completed"/> (its result is built; the actor is stopping). In every
/// phase the members' reports (their actors' Terminated, their messages) are read by the same handlers, further
/// down. A member is done once its actor has stopped, its execute has returned and its interrupt has returned
/// (<see cref="MemberRecord.Done"/>); the run completes when every member is done, or when the interrupt timeout
/// elapses (the members not done are then abandoned).</para>
/// <para>Should the actor stop before that (stopped from outside, its ActorSystem terminating, or a failure of its
/// own), its PostStop interrupts the members that are left and hands the record to an <see cref="OrphanedRun"/>,
/// which ends the run the same way.</para>
/// <para>Its timers are Akka's keyed timers (<see cref="IWithTimers"/>): a timer started again, or cancelled, never
/// delivers its earlier message, and every timer stops with the actor. Every behaviour runs inside one failure guard
/// (<see cref="AroundReceive"/>).</para>
/// </remarks>
internal sealed class GroupSupervisor : ActorBase, IWithTimers
{
    private const string DrainTimer = "drain";

    private readonly RunPlan _plan;
    private readonly RunRecord _run;
    private Dictionary<IActorRef, Exception>? _failures;
    private string[]? _names;
    private int _nextToStart;
    private int _notReady;
    private DrainSignals? _drainSignals;
    private ReverseOrder? _reverse;
    private InterruptDeadline? _deadline;
    private RunResult? _result;
    private Exception? _ownFailure;
    private bool _replaced;

    /// <summary>Made by <see cref="GroupSupervisorProps"/> only.</summary>
    internal GroupSupervisor(RunPlan plan)
    {
        _plan = plan;
        _run = new RunRecord(plan);
    }

    /// <summary>Set by Akka when the actor is created.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <remarks>Failures are rare: their record is created with the first one.</remarks>
    protected override SupervisorStrategy SupervisorStrategy() =>
        new StopAndRecordStrategy((child, failure) => (_failures ??= []).TryAdd(child, failure));

    /// <summary>
    /// The one failure guard of every behaviour: should the GroupSupervisor's own code throw, it stops rather than be
    /// restarted (a restart would start every member again), and its PostStop finishes the run.
    /// </summary>
    protected override bool AroundReceive(Receive receive, object message)
    {
        try
        {
            return base.AroundReceive(receive, message);
        }
        catch (Exception e)
        {
            return Fail(e);
        }
    }

    /// <remarks>
    /// A GroupSupervisor is never restarted: should Akka restart it after a failure outside its behaviours, the failed
    /// instance's PostStop finishes the run and the new one stops at once.
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

    protected override bool Receive(object message) => false;

    // ---- Starting -------------------------------------------------------------------------------------------------

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

    /// <summary>
    /// Starts the members: every one at once, or, in sequential order, the first (the others follow, each once the one
    /// before it is ready). A member that cannot start is the first exit.
    /// </summary>
    private void StartMembers()
    {
        _plan.Completion.SupervisorStarted();
        _plan.Telemetry.RunStarted(_plan);
        _names = ActorNames.ForMembers(_plan.Members);
        if (_run.Members.Length == 0)
        {
            // A nested group with no members: nothing to interrupt, the run is over as soon as it began.
            _run.DecideStop(null, null);
            _run.MarkInterrupted();
            Complete();
            return;
        }

        if (_plan.StartsInOrder)
        {
            Become(Starting);
            if (_plan.StopAtStart is { } stop)
            {
                // Stopped before it began: no member starts, so nothing drains.
                DecideStop(stop.Error, null, fromOutside: false);
            }
            else
            {
                StartNext();
            }

            return;
        }

        MemberRecord? firstFailed = null;
        while (_nextToStart < _run.Members.Length)
        {
            var member = _run.Members[_nextToStart++];
            if (!StartMember(member))
            {
                firstFailed ??= member;
            }
        }

        if (firstFailed is not null)
        {
            Become(Running);
            OnExit(firstFailed);
            foreach (var member in _run.Members)
            {
                if (member.Exit is not null && !member.Has(MemberLife.ExitPublished))
                {
                    OnExit(member);
                }
            }
        }
        else if (_plan.StopAtStart is { } stop)
        {
            // Stopped before it began: the run goes from Starting to its stop, never Running (a readiness probe
            // never passes); the stop's own message, sent again once started, finds the run stopped.
            Become(_notReady > 0 ? Starting : Running);
            DecideStop(stop.Error, null, fromOutside: stop.Drains);
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

    /// <summary>
    /// Starts <paramref name="member"/>: creates its actor, watches it, and counts it as awaited when it reports its
    /// readiness. A member whose start throws has exited with that error, with nothing to interrupt.
    /// </summary>
    /// <returns>False when its start threw.</returns>
    private bool StartMember(MemberRecord member)
    {
        try
        {
            _run.Mark(member, MemberLife.Spawned);
            _plan.Telemetry.MemberStarted(_plan);
            var actor = member.Member.Start(Context, _plan, _names![member.Member.Index]);
            Context.Watch(actor);
            _run.SetActor(member, actor);
            if (member.Member.ReportsReady)
            {
                _run.Mark(member, MemberLife.AwaitingReady);
                _notReady++;
            }

            return true;
        }
        catch (Exception e)
        {
            member.Exit = new MemberExit(e, false, Stopwatch.GetTimestamp());
            _run.Mark(member, MemberRecord.DoneWhen);
            return false;
        }
    }

    /// <summary>
    /// Sequential order: starts the next member, and the ones after it that are started as soon as their actor is
    /// (they report no readiness), until one must be waited for; once the last member has started, the run is Running.
    /// </summary>
    private void StartNext()
    {
        while (_nextToStart < _run.Members.Length)
        {
            var member = _run.Members[_nextToStart++];
            if (!StartMember(member))
            {
                OnExit(member);
                return;
            }

            if (member.Has(MemberLife.AwaitingReady))
            {
                return;
            }
        }

        BecomeRunning();
    }

    /// <summary>
    /// The run's stop ends a sequential start: the members not started yet never start. They count as done, with
    /// nothing to interrupt; their outcome says they never started.
    /// </summary>
    private void NeverStartTheRest()
    {
        while (_nextToStart < _run.Members.Length)
        {
            _run.Mark(_run.Members[_nextToStart++], MemberRecord.DoneWhen);
        }
    }

    /// <summary>
    /// Some member that reports readiness has not yet; in sequential order, some member has not been started yet.
    /// </summary>
    private bool Starting(object message)
    {
        if (message is MemberReady)
        {
            OnReady(Sender);
            return true;
        }

        return Running(message);
    }

    private void OnReady(IActorRef actor)
    {
        foreach (var member in _run.Members)
        {
            if (member.Has(MemberLife.AwaitingReady) && actor.Equals(member.Actor))
            {
                member.Remove(MemberLife.AwaitingReady);
                if (--_notReady > 0)
                {
                    return;
                }

                if (_nextToStart < _run.Members.Length)
                {
                    StartNext();
                }
                else
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
        _run.PublishState(RunGroupPhase.Running);
        if (_plan.IsNested)
        {
            Context.Parent.Tell(MemberReady.Instance, Self);
        }
    }

    // ---- Running --------------------------------------------------------------------------------------------------

    /// <summary>Every member started; the first exit, or an outside interrupt, ends this phase.</summary>
    private bool Running(object message)
    {
        switch (message)
        {
            case Terminated terminated:
                OnTerminated(terminated.ActorRef);
                return true;
            case InterruptGroup interrupt:
                DecideStop(interrupt.Error, null, fromOutside: interrupt.Drains);
                return true;
            case MemberReady:
                return true;
            default:
                return OnReport(message);
        }
    }

    /// <summary>
    /// Decides the run's stop, once: its error and first exit (null: from outside). A stop from outside drains first,
    /// if the run drains; anything else interrupts the members at once. A sequential start ends here: the members not
    /// started yet never start. (Not to be confused with the actor's own stop, <c>Context.Stop</c>, which comes once
    /// the run is complete.)
    /// </summary>
    private void DecideStop(Exception? error, string? firstExited, bool fromOutside)
    {
        NeverStartTheRest();
        _run.DecideStop(error, firstExited);
        if (fromOutside && _plan.DrainDelay > TimeSpan.Zero)
        {
            BeginDraining();
        }
        else
        {
            BeginInterrupting();
        }
    }

    // ---- Draining -------------------------------------------------------------------------------------------------

    private void BeginDraining()
    {
        // The handlers first: whoever sees the run Draining (a readiness probe, the log line) may signal again at once.
        _drainSignals = DrainSignals.Register(Self);
        Become(Draining);
        // The line before the phase: whoever sees the run Draining finds the line that says why written.
        LogLines.DrainBegins(_plan, _run.FirstExited, _run.Error, _run.Members.Length);
        _run.PublishState(RunGroupPhase.Draining);
        _plan.Publish(new GroupDraining(_plan.Name, _run.FirstExited, _run.Error, _plan.DrainDelay));
        Timers.StartSingleTimer(DrainTimer, DrainElapsed.Instance, _plan.DrainDelay);
    }

    /// <summary>
    /// Stopped from outside, the group waits out its drain delay with every member still running; the delay's end, a
    /// member's exit, a signal or the ActorSystem terminating ends the drain and interrupts the group. Any other second
    /// stop from outside changes nothing.
    /// </summary>
    private bool Draining(object message)
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

    private void EndDrain()
    {
        Timers.Cancel(DrainTimer);
        EndDrainSignals();
        BeginInterrupting();
    }

    private void EndDrainSignals()
    {
        _drainSignals?.Dispose();
        _drainSignals = null;
    }

    // ---- Interrupting ---------------------------------------------------------------------------------------------

    /// <summary>Interrupts every member with the run's error (or, in reverse order, the first one).</summary>
    private void BeginInterrupting()
    {
        Become(Interrupting);
        _run.BeginInterrupt();
        if (_plan.Order == InterruptOrder.Reverse)
        {
            _reverse = new ReverseOrder(_run.Members);
            NextTurn();
            return;
        }

        foreach (var member in _run.Members)
        {
            RequestInterrupt(member);
        }

        StartTimeout();
        CompleteIfDone();
    }

    /// <summary>The group is interrupted; the run completes when every member is done, or at the interrupt timeout.</summary>
    private bool Interrupting(object message)
    {
        switch (message)
        {
            case Terminated terminated:
                OnTerminated(terminated.ActorRef);
                return true;
            case InterruptGroup or MemberReady or DrainCut:
                return true;
            case InterruptTimedOut:
                OnTimeout();
                return true;
            default:
                return OnReport(message);
        }
    }

    private void RequestInterrupt(MemberRecord member)
    {
        if ((member.Life & (MemberLife.InterruptRequested | MemberLife.InterruptReturned)) != 0)
        {
            return;
        }

        _run.Mark(member, MemberLife.InterruptRequested);
        if (member.Member.Interrupt(_run.Error, Context, member.Has(MemberLife.ActorStopped), out var thrown))
        {
            OnInterruptReturned(member, thrown);
        }
    }

    /// <summary>Interrupts the member whose turn has come; once every member has had its turn, the run completes.</summary>
    private void NextTurn()
    {
        while (_reverse!.NextTurn() is { } member)
        {
            RequestInterrupt(member);
            if (!member.Done)
            {
                StartTimeout();
                return;
            }
        }

        _deadline?.Cancel();
        if (_run.NotDone == 0)
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
    private void StartTimeout() => (_deadline ??= new InterruptDeadline(_plan.InterruptTimeout, Timers)).Start();

    /// <summary>
    /// The interrupt timeout's timer fired: once the timeout has elapsed, the member whose turn it was is passed over,
    /// or, for a concurrent interrupt, the members not done are abandoned.
    /// </summary>
    private void OnTimeout()
    {
        if (!_deadline!.Elapsed())
        {
            return;
        }

        if (_reverse is { Current: { } member })
        {
            LogLines.TurnTimedOut(_plan, member.Member.Name);
            NextTurn();
        }
        else if (_reverse is null)
        {
            Abandon();
        }
    }

    // ---- The members' reports, in every phase ---------------------------------------------------------------------

    private void OnTerminated(IActorRef actor)
    {
        if (!_run.TryTakeByActor(actor, out var member))
        {
            return;
        }

        Exception? failure = null;
        _failures?.Remove(actor, out failure);
        if (failure is not null)
        {
            LogLines.ActorFailed(_plan, member.Member.Name, failure);
        }

        var exit = member.Member.OnActorTerminated(Errors.Unwrap(failure), member.Has(MemberLife.InterruptRequested), _run.Error);
        member.Exit = exit;
        _run.Mark(member, exit.ExecuteStillRunning ? MemberLife.ActorStopped : MemberLife.ActorStopped | MemberLife.ExecuteReturned);
        if (exit.InterruptReturned)
        {
            OnInterruptReturned(member, exit.InterruptError);
        }

        OnExit(member);
    }

    /// <summary>The reports members send by message: an interrupt returned, an execute returned after its actor stopped.</summary>
    private bool OnReport(object message)
    {
        switch (message)
        {
            case InterruptReturned returned:
                OnInterruptReturned(_run.Members[returned.Index], returned.Thrown);
                Progress();
                return true;
            case ExecuteReturned returned:
                _run.Mark(_run.Members[returned.Index], MemberLife.ExecuteReturned);
                Progress();
                return true;
            default:
                return false;
        }
    }

    private void OnInterruptReturned(MemberRecord member, Exception? thrown)
    {
        member.InterruptError = thrown;
        _run.Mark(member, MemberLife.InterruptReturned);
        if (thrown is not null)
        {
            LogLines.InterruptThrew(_plan, member.Member.Name, thrown);
        }
    }

    /// <summary>
    /// A member exited: its exit is published; the first exit stops the group, an exit during the drain ends it, and
    /// every exit counts towards the run's end.
    /// </summary>
    private void OnExit(MemberRecord member)
    {
        _run.PublishExit(member);
        if (!_run.IsStopped)
        {
            DecideStop(member.Exit!.Value.Error, member.Member.Name, member.Member.StopsFromOutside);
        }
        else if (!_run.IsInterrupted)
        {
            EndDrain();
        }

        Progress();
    }

    /// <summary>A member's life changed: the reverse order moves on, or the run completes when all are done.</summary>
    private void Progress()
    {
        if (_reverse?.Current is { Done: true })
        {
            NextTurn();
            return;
        }

        CompleteIfDone();
    }

    // ---- Completed ------------------------------------------------------------------------------------------------

    private void CompleteIfDone()
    {
        if (_run.NotDone == 0 && _run.IsInterrupted && _reverse?.Current is null && _result is null)
        {
            Complete();
        }
    }

    /// <summary>The run is complete: its result is built now, and the actor stops; its PostStop completes the run.</summary>
    private void Complete()
    {
        _result = _run.Result();
        Become(Completed);
        Context.Stop(Self);
    }

    /// <summary>The interrupt timeout elapsed: the members not done are abandoned, and the run completes without them.</summary>
    private void Abandon()
    {
        _run.AbandonNotDone();
        Complete();
    }

    /// <summary>The result is built and the actor is stopping: nothing more counts.</summary>
    private static bool Completed(object message) => true;

    protected override void PostStop()
    {
        if (_replaced)
        {
            return;
        }

        EndDrainSignals();
        if (_result is not null)
        {
            _run.Complete(_result);
        }
        else
        {
            OrphanRun();
        }
    }

    // ---- Stopped before the run was complete ----------------------------------------------------------------------

    /// <summary>The GroupSupervisor's own code threw: it stops, and its PostStop finishes the run as after any early stop.</summary>
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
        if (!_run.IsStopped)
        {
            _run.DecideStop(StoppedEarly(), null);
        }

        if (!_run.IsInterrupted)
        {
            _run.BeginInterrupt();
        }

        foreach (var member in _run.Members)
        {
            if (!member.Has(MemberLife.Spawned))
            {
                // The GroupSupervisor failed before it could start this member: it never ran, and has nothing to interrupt.
                _run.Mark(member, MemberRecord.DoneWhen);
                continue;
            }

            var interrupt = (member.Life & (MemberLife.InterruptRequested | MemberLife.InterruptReturned)) == 0;
            if (!member.Has(MemberLife.ActorStopped) || interrupt)
            {
                member.Member.Orphan(_run.Error, interrupt, member.Has(MemberLife.InterruptRequested));
                if (interrupt)
                {
                    _run.Mark(member, MemberLife.InterruptRequested);
                }
            }
        }

        new OrphanedRun(_plan, _run).Start();
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
}
