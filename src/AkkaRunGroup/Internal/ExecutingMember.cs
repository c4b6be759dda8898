using Akka.Actor;
using Akka.Event;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. A member made of an execute function and an interrupt function, run by a <see cref="MemberActor"/>.
/// </summary>
/// <remarks>
/// Its interrupt is dispatched exactly once, and never before its execute has been invoked: whichever of
/// "execute starting" and "interrupt requested" happens second dispatches it.
/// </remarks>
internal abstract class ExecutingMember : Member
{
    private const int StartedBit = 1;
    private const int RequestedBit = 2;

    /// <summary>The member whose execute runs on this thread's member actor right now (see <see cref="OnStartMessage"/>).</summary>
    [ThreadStatic]
    private static ExecutingMember? _executingOnActor;

    private int _state;
    private int _requestedOnce;
    private int _dispatched;
    private int _restartPending;
    private int _startClaimed;
    private int _heldActorReleased;
    private int _interruptSent;
    private Exception? _lastError;
    private RestartHistory? _restarts;
    private IActorRef _actor = ActorRefs.Nobody;
    private GroupRun _run = null!;

    protected ExecutingMember(string name)
        : base(name)
    {
    }

    /// <summary>The error the interrupt was requested with; written once, before the dispatch.</summary>
    protected Exception? InterruptCause { get; private set; }

    /// <summary>The member's restart policy; set once, when the member is added.</summary>
    public RestartPolicy RestartPolicy
    {
        init => _restarts = ReferenceEquals(value, RestartPolicy.Never) ? null : new RestartHistory(value);
    }

    public override int Restarts => _restarts?.Count ?? 0;

    /// <summary>Its execute's return and its interrupt's return.</summary>
    public override int PendingReturns => 2;

    protected override bool InterruptRequested => (Volatile.Read(ref _state) & RequestedBit) != 0;

    protected GroupRun Run => _run;

    public override IActorRef Spawn(IActorContext supervisor, GroupRun run)
    {
        Bind(run);
        // Read by a sibling's thread that interrupts the group (see Exit): written once, published with a fence.
        Volatile.Write(ref _actor, supervisor.ActorOf(MemberActor.PropsFor(run.Settings.Dispatcher), ActorNames.ForMember(Name, Index)));
        // Started once _actor is set, never from the actor's PreStart: an execute that returns at once must find the
        // actor it stops (from PreStart it could return before ActorOf had returned here, stop nobody, and hang the
        // group).
        if (MayRunOnMemberActor)
        {
            // The member actor runs the execute when this message reaches it: an execute that completes at once then
            // stops its actor from the actor's own thread, where the stop is handled without another hop.
            _actor.Tell(new StartExecute(this), supervisor.Self);
        }
        else if (!Start())
        {
            supervisor.Stop(_actor);
        }

        return _actor;
    }

    /// <summary>Called by the member's actor when its StartExecute message reaches it: runs the execute right here.</summary>
    public void OnStartMessage()
    {
        if (Interlocked.Exchange(ref _startClaimed, 1) == 0)
        {
            _executingOnActor = this;
            try
            {
                ExecuteOnThisThread();
            }
            finally
            {
                _executingOnActor = null;
            }
        }

        Volatile.Write(ref _heldActorReleased, 1);
    }

    /// <summary>
    /// Starts the execute off the calling thread unless it has started: its actor stopped before the StartExecute
    /// message was handled (the ActorSystem terminating, or the GroupSupervisor stopped from outside). Every execute
    /// starts exactly once, whatever happens to the actors.
    /// </summary>
    public void EnsureStarted()
    {
        if (Volatile.Read(ref _startClaimed) == 0)
        {
            Start();
        }
    }

    /// <summary>Attaches the member to the run it belongs to; done once, before it starts.</summary>
    public void Bind(GroupRun run) => _run = run;

    /// <summary>Starts the execute off the calling actor's thread. Called once, when the member's actor is spawned.</summary>
    /// <returns>False when the execute could not be started; the member then counts as exited with that error.</returns>
    private bool Start()
    {
        if (Interlocked.Exchange(ref _startClaimed, 1) != 0)
        {
            return true;
        }

        try
        {
            StartExecute();
            return true;
        }
        catch (Exception e)
        {
            OnStartFailed(e);
            return false;
        }
    }

    public override void OnStartFailed(Exception error)
    {
        base.OnStartFailed(error);
        // Neither the execute nor the interrupt will ever run: settle both of their returns.
        _run.Returned();
        _run.Returned();
    }

    public override void Interrupt(Exception? error, IActorContext context, GroupRun run)
    {
        if (ActorStopped || Exited)
        {
            RequestInterrupt(error);
            return;
        }

        SendInterrupt(error, context.Self);
    }

    /// <summary>
    /// Sends the group's interrupt to this member's actor from the thread of the sibling whose exit came first (see
    /// <see cref="Exit"/>), before the GroupSupervisor has seen that exit. A member whose actor is not spawned yet
    /// is left to the GroupSupervisor, and so is one whose Interrupt message is lost to its actor stopping: the
    /// GroupSupervisor requests the interrupt itself when it sees the actor terminate.
    /// </summary>
    private void InterruptFromSibling(Exception? error, IActorRef sibling)
    {
        if (Exited)
        {
            RequestInterrupt(error);
        }
        else if (!Volatile.Read(ref _actor).IsNobody())
        {
            SendInterrupt(error, sibling);
        }
    }

    /// <summary>Sends the Interrupt message once, whoever sends it: the GroupSupervisor, or a sibling first.</summary>
    private void SendInterrupt(Exception? error, IActorRef sender)
    {
        if (Interlocked.Exchange(ref _interruptSent, 1) != 0)
        {
            return;
        }

        if (MayRunOnMemberActor && Volatile.Read(ref _heldActorReleased) == 0)
        {
            // The execute has not yet returned from the member actor's thread (it may block there until its token
            // is cancelled), so the actor may not read its mailbox soon: the interrupt is requested from here too.
            RequestInterrupt(error);
        }

        _actor.Tell(new Interrupt(this, error), sender);
    }

    /// <summary>
    /// Called by the member's actor when the group's Interrupt message reaches it. Where the member allows it (see
    /// <see cref="MayRunOnMemberActor"/>), the interrupt runs right here, on the member actor's own thread: the
    /// actor has nothing else to do, and a hop to another thread is saved.
    /// </summary>
    public void OnInterruptMessage(Exception? error) => RequestInterrupt(error, MayRunOnMemberActor);

    /// <summary>Requests the interrupt; only the first request counts. Never blocks.</summary>
    public void RequestInterrupt(Exception? error) => RequestInterrupt(error, onThisThread: false);

    /// <summary>
    /// Whether the execute and the interrupt may run on the member actor's thread: a thread of the .NET thread pool,
    /// where they would otherwise be queued. Never for a member whose execute and interrupt need threads of their own.
    /// </summary>
    protected virtual bool MayRunOnMemberActor => false;

    /// <summary>Runs the execute on the calling thread, for a member that <see cref="MayRunOnMemberActor"/>.</summary>
    protected virtual void ExecuteOnThisThread() =>
        throw new NotSupportedException($"Member '{Name}' does not run its execute on its member actor.");

    private void RequestInterrupt(Exception? error, bool onThisThread)
    {
        if (Interlocked.Exchange(ref _requestedOnce, 1) != 0)
        {
            return;
        }

        InterruptCause = error;
        if ((Interlocked.Or(ref _state, RequestedBit) & StartedBit) != 0)
        {
            if (onThisThread)
            {
                if (Interlocked.Exchange(ref _dispatched, 1) == 0)
                {
                    InvokeInterrupt();
                }
            }
            else
            {
                DispatchInterruptOnce();
            }
        }

        // A member waiting to be restarted is not restarted any more: its last exit is final.
        if (Interlocked.CompareExchange(ref _restartPending, 0, 1) == 1)
        {
            Exit(_lastError);
        }
    }

    public override void OnActorTerminated(Exception? failure)
    {
        // The actor normally stops after the execute returned. If it stopped first (a failure of the actor, or a
        // stop from outside), the member counts as exited now; the group still waits for the execute to return.
        if (!Exited)
        {
            MarkExited(failure ?? new InvalidOperationException(
                $"The actor of member '{Name}' stopped while its execute was still running."));
        }
    }

    /// <summary>Runs the execute on a thread that is not an actor's; it must call <see cref="OnExecuteStarting"/> first.</summary>
    protected abstract void StartExecute();

    /// <summary>Runs <see cref="InvokeInterrupt"/> off the calling thread.</summary>
    protected abstract void DispatchInterrupt();

    /// <summary>Runs the interrupt (with <see cref="InterruptCause"/>) on the calling thread; it must end with <see cref="OnInterruptReturned"/>.</summary>
    protected abstract void InvokeInterrupt();

    /// <summary>Prepares what a new incarnation needs (a fresh token for an async member) before its execute starts again.</summary>
    protected virtual void PrepareIncarnation()
    {
    }

    protected void OnExecuteStarting()
    {
        if (!Started)
        {
            MarkStarted(_run);
        }

        if ((Interlocked.Or(ref _state, StartedBit) & RequestedBit) != 0)
        {
            DispatchInterruptOnce();
        }
    }

    protected void OnExecuteReturned(Exception? error)
    {
        error = Errors.Unwrap(error);
        if (!InterruptRequested && _restarts is not null && _restarts.TryCount(error, out var backoff))
        {
            ScheduleRestart(error, backoff);
            return;
        }

        Exit(error);
    }

    private void ScheduleRestart(Exception? error, TimeSpan backoff)
    {
        _lastError = error;
        _run.Publish(new MemberRestarted(_run.Name, Name, error, _restarts!.Count, backoff));
        var exit = error is null ? "cleanly" : $"with {error.GetType().Name}: {error.Message}";
        var policy = _restarts.Policy;
        _run.Log.Warning(
            $"Run group '{_run.Name}': member '{Name}' exited {exit}; restart {_restarts.Count} of at most "
            + $"{policy.MaxRestarts} within {policy.Within}, in {backoff.TotalMilliseconds:0} ms");
        // Pending only once the restart is published: an interrupt can end the member (and so the run) from then on,
        // and every event of a run comes before its GroupCompleted.
        Volatile.Write(ref _restartPending, 1);
        _run.System.Scheduler.Advanced.ScheduleOnce(backoff, Restart);

        // The group may have been interrupted while the restart was being decided.
        if (InterruptRequested && Interlocked.CompareExchange(ref _restartPending, 0, 1) == 1)
        {
            Exit(error);
        }
    }

    private void Restart()
    {
        if (Interlocked.CompareExchange(ref _restartPending, 0, 1) != 1)
        {
            return;
        }

        PrepareIncarnation();
        if (InterruptRequested)
        {
            Exit(_lastError);
            return;
        }

        try
        {
            StartExecute();
        }
        catch (Exception e)
        {
            Exit(e);
        }
    }

    private void DispatchInterruptOnce()
    {
        if (Interlocked.Exchange(ref _dispatched, 1) == 0)
        {
            DispatchInterrupt();
        }
    }

    private void Exit(Exception? error)
    {
        MarkExited(error);
        if (ReferenceEquals(_executingOnActor, this)
            && _run.Order == InterruptOrder.Concurrent
            && ReferenceEquals(_run.ClaimFirstExit(this), this))
        {
            // The execute completed at once on the member actor's own pool thread, and this exit is the run's first.
            // The siblings' actors are sent their Interrupt from here, and this member's interrupt runs right here:
            // each a hop sooner than through the GroupSupervisor. The GroupSupervisor learns of the exit from the
            // actor's Terminated, as always: it publishes the events, and interrupts the members not reached here.
            foreach (var member in _run.Members)
            {
                if (!ReferenceEquals(member, this) && member is ExecutingMember sibling)
                {
                    sibling.InterruptFromSibling(error, _actor);
                }
            }

            RequestInterrupt(error, onThisThread: true);
        }

        _run.Returned();
        if (!_run.SupervisorStopped)
        {
            ((IInternalActorRef)_actor).Stop();
        }
    }

    protected void OnInterruptReturned(Exception? interruptError)
    {
        MarkInterruptReturned(interruptError, _run);
        _run.Returned();
        _run.NotifyInterruptReturned();
    }
}
