using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. A member made of an execute and an interrupt function (synchronous or asynchronous), run under an
/// <see cref="ExecutionActor"/>. What crosses threads is in its <see cref="ExecutionGate"/>; restart decisions are
/// made on the ExecutionActor's thread; the rest is the GroupSupervisor's.
/// </summary>
/// <remarks>
/// A subclass says how an incarnation's execute is started (<see cref="StartIncarnation"/>) and how the interrupt
/// is dispatched (<see cref="DispatchInterrupt"/>). Its execute must call <see cref="ExecuteStarting"/> first and
/// <see cref="ExecuteReturned"/> last; a dispatched interrupt ends with <see cref="InterruptDone"/>; one run on the actor is <see cref="InvokeInterrupt"/>.
/// </remarks>
internal abstract class ExecutingMember : Member
{
    private IActorRef _actor = ActorRefs.Nobody;
    private IActorRef _supervisor = ActorRefs.Nobody;
    private int _startClaimed; // 1 once the ExecutionActor or the GroupSupervisor claimed the first start (Interlocked: see EnsureStarted)
    private bool _exitedBeforeActorStopped; // the ExecutionActor's PostStop writes it, the GroupSupervisor reads it after Terminated
    private bool _interruptRanOnActor; // the ExecutionActor writes it, the GroupSupervisor reads it after Terminated

    protected ExecutingMember(string name, int index, RestartPolicy restart)
        : base(name, index) =>
        RestartHistory = ReferenceEquals(restart, RestartPolicy.Never) ? null : new RestartHistory(restart);

    /// <summary>What crosses threads; its ExecutionActor reads it too.</summary>
    public ExecutionGate Gate { get; } = new();

    public RunPlan Plan { get; private set; } = null!;

    /// <summary>The restarts so far, against the member's policy; null for a member without one. Its ExecutionActor's.</summary>
    public RestartHistory? RestartHistory { get; }

    public override int Restarts => RestartHistory?.Count ?? 0;

    public override long? StartedAt => Gate.IsStarted ? Gate.StartedAt : null;

    /// <summary>In sequential start order, the member counts as started once its execute has begun: it then reports <see cref="MemberReady"/>.</summary>
    public override bool ReportsReady => Plan.StartsInOrder;

    /// <summary>Whether the execute runs on the ExecutionActor's thread when StartExecute arrives, and the interrupt when Interrupt does.</summary>
    protected virtual bool RunsOnItsActor => false;

    public override IActorRef Start(IActorContext supervisor, RunPlan plan, string actorName)
    {
        Plan = plan;
        _supervisor = supervisor.Self;
        _actor = supervisor.ActorOf(ExecutionActor.Props(this, plan.Settings.Dispatcher), actorName);
        _actor.Tell(new StartExecute(this), supervisor.Self);
        return _actor;
    }

    public override MemberExit OnActorTerminated(Exception? failure, bool interruptRequested, Exception? error)
    {
        if (!EnsureStarted())
        {
            return new MemberExit(Gate.ExitError, false, Gate.ExitedAt);
        }

        if (interruptRequested && !Gate.InterruptRequested)
        {
            // The interrupt went to the actor, which stopped with the Interrupt message unread.
            RequestDirectly(error);
        }

        if (_exitedBeforeActorStopped)
        {
            return new MemberExit(
                Gate.ExitError, Gate.InterruptedBeforeExit, Gate.ExitedAt, InterruptReturned: _interruptRanOnActor, InterruptError: Gate.InterruptError);
        }

        return new MemberExit(
            failure ?? new InvalidOperationException($"The actor of member '{Name}' stopped while its execute was still running."),
            Gate.InterruptRequested,
            System.Diagnostics.Stopwatch.GetTimestamp(),
            ExecuteStillRunning: true,
            InterruptReturned: _interruptRanOnActor,
            InterruptError: Gate.InterruptError);
    }

    /// <remarks>
    /// Where the member runs its interrupt on its actor (see <see cref="RunsOnItsActor"/>) and no execute holds that
    /// actor's thread, the interrupt is sent to the actor, which runs it at once; otherwise it is dispatched from
    /// here. A member with a restart policy is also told, so that a backoff ends.
    /// </remarks>
    public override bool Interrupt(Exception? error, IActorContext supervisor, bool actorStopped, out Exception? thrown)
    {
        thrown = null;
        var viaActor = !actorStopped && RunsOnItsActor && Gate.IsActorReleased;
        if (!viaActor && RequestDirectly(error) == InterruptRequest.NothingToInterrupt)
        {
            return true;
        }

        if (!actorStopped && (viaActor || RestartHistory is not null))
        {
            // Should the actor stop with it unread, OnActorTerminated or Orphan requests it directly.
            _actor.Tell(new Interrupt(error), supervisor.Self);
        }

        return false;
    }

    /// <remarks>An interrupt requested before may have gone to the actor unread: it is requested directly again,
    /// which does nothing if it was read (only the first request counts).</remarks>
    public override void Orphan(Exception? error, bool interrupt, bool interruptRequested)
    {
        EnsureStarted();
        if (interrupt || interruptRequested)
        {
            RequestDirectly(error);
        }
    }

    /// <summary>The ExecutionActor read its Interrupt: the interrupt runs right here where the member allows it.</summary>
    public void InterruptOnActor(Exception? error)
    {
        if (RunsOnItsActor && Gate.RequestInterrupt(error) == InterruptRequest.Dispatch)
        {
            _interruptRanOnActor = true;
            Gate.InterruptReturned(InvokeInterrupt());
        }
    }

    public override (MemberExit? Exit, Exception? InterruptError) EndAfterOrphaned() =>
        (Gate.HasExited ? new MemberExit(Gate.ExitError, Gate.InterruptedBeforeExit, Gate.ExitedAt) : null, Gate.InterruptError);

    public override bool WatchFinish(ManualResetEventSlim watcher) => Gate.WatchFinish(watcher);

    /// <summary>The ExecutionActor read its StartExecute: the execute starts, on this very thread where the kind allows it.</summary>
    public void StartOnActor()
    {
        if (Interlocked.Exchange(ref _startClaimed, 1) != 0)
        {
            // The GroupSupervisor stopped early and started the execute itself (EnsureStarted).
            return;
        }

        try
        {
            StartIncarnation(RunsOnItsActor);
        }
        catch (Exception e)
        {
            NeverStarted(e);
            ((IInternalActorRef)_actor).Stop();
        }

        Gate.ReleaseActor();
    }

    /// <summary>The backoff of a restart elapsed: the next incarnation starts; should it fail to, that is the exit.</summary>
    public void StartNextIncarnation()
    {
        try
        {
            PrepareIncarnation();
            StartIncarnation(onThisThread: false);
        }
        catch (Exception e)
        {
            Exit(e);
        }
    }

    /// <summary>The ExecutionActor's PostStop: an exit not reported yet is recorded now (an ended incarnation the
    /// actor never decided on, or a backoff cut short), or told to the GroupSupervisor later.</summary>
    /// <param name="backoff">Whether the actor was waiting out a backoff, and the error of the incarnation before it.</param>
    public void OnActorStopping((bool Pending, Exception? LastError) backoff)
    {
        Gate.ActorStopping(out var exited, out var ended);
        if (!exited && (ended.Pending || backoff.Pending))
        {
            Gate.Exit(ended.Pending ? ended.Error : backoff.LastError);
            exited = true;
        }

        _exitedBeforeActorStopped = exited;
    }

    /// <summary>Starts an incarnation's execute: on the calling thread when <paramref name="onThisThread"/> (an ExecutionActor's pool thread), else off it.</summary>
    protected abstract void StartIncarnation(bool onThisThread);

    /// <summary>Runs the interrupt off the calling thread, with <see cref="ExecutionGate.InterruptCause"/>; it ends with <see cref="InterruptDone"/>.</summary>
    protected abstract void DispatchInterrupt();

    /// <summary>Runs the interrupt on the calling thread (the ExecutionActor's), for a member that <see cref="RunsOnItsActor"/>.</summary>
    /// <returns>What it threw.</returns>
    protected virtual Exception? InvokeInterrupt() =>
        throw new NotSupportedException($"Member '{Name}' does not run its interrupt on its actor.");

    /// <summary>Prepares what a new incarnation needs (an async member's new token).</summary>
    protected virtual void PrepareIncarnation()
    {
    }

    /// <summary>
    /// Called once the member's actor has terminated: if it stopped before it read its StartExecute, the execute
    /// starts now, off this thread, since every execute starts exactly once whatever happens to the actors.
    /// </summary>
    /// <returns>False when the execute could not be started (the member has exited with that error).</returns>
    private bool EnsureStarted()
    {
        // Claimed atomically: this runs after the actor's Terminated, but also when a GroupSupervisor that Akka
        // restarts ends its run while its children are still stopping, and may read StartExecute at that moment.
        if (Interlocked.Exchange(ref _startClaimed, 1) != 0)
        {
            return true;
        }

        Gate.ActorStopping(out _, out _);
        try
        {
            StartIncarnation(onThisThread: false);
            return true;
        }
        catch (Exception e)
        {
            NeverStarted(e);
            return false;
        }
    }

    /// <summary>The first incarnation could not be started: the member exits with that error, with nothing to interrupt.</summary>
    private void NeverStarted(Exception error)
    {
        if (Gate.StartFailed())
        {
            InterruptDone(null);
        }

        Gate.Exit(error);
    }

    private InterruptRequest RequestDirectly(Exception? error)
    {
        var request = Gate.RequestInterrupt(error);
        if (request == InterruptRequest.Dispatch)
        {
            Dispatch();
        }

        return request;
    }

    /// <summary>Dispatches the interrupt; should even that fail, the failure is the interrupt's error.</summary>
    private void Dispatch()
    {
        try
        {
            DispatchInterrupt();
        }
        catch (Exception e)
        {
            InterruptDone(e);
        }
    }

    /// <summary>Called by the execute's thread right before the execute is invoked.</summary>
    protected void ExecuteStarting()
    {
        var first = !Gate.IsStarted;
        var dispatch = Gate.ExecuteStarting();
        if (first)
        {
            Plan.Publish(new MemberStarted(Plan.Name, Name));
            if (Plan.StartsInOrder)
            {
                // From the member's actor, as any member's readiness comes: the GroupSupervisor may start the next one.
                _supervisor.Tell(MemberReady.Instance, _actor);
            }
        }

        if (dispatch)
        {
            Dispatch();
        }
    }

    /// <summary>Called on the thread the execute returned on, with its error (a returned value is kept as it is).</summary>
    protected void ExecuteReturned(Exception? error)
    {
        if (RestartHistory is not null && Gate.IncarnationEnded(error))
        {
            _actor.Tell(IncarnationEnded.Instance, ActorRefs.NoSender);
            return;
        }

        Exit(error);
    }

    /// <summary>Called on the interrupt's thread once it has returned, with what it threw.</summary>
    protected void InterruptDone(Exception? thrown)
    {
        Gate.InterruptReturned(thrown);
        _supervisor.Tell(new InterruptReturned(Index, thrown), ActorRefs.NoSender);
    }

    /// <summary>Records the final exit: stops the member's actor while it lives, or tells the GroupSupervisor once it is gone.</summary>
    public void Exit(Exception? error)
    {
        if (Gate.Exit(error))
        {
            ((IInternalActorRef)_actor).Stop();
        }
        else
        {
            _supervisor.Tell(new ExecuteReturned(Index), ActorRefs.NoSender);
        }
    }
}
