using Akka.Actor;

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

    private int _state;
    private int _requestedOnce;
    private IActorRef _actor = ActorRefs.Nobody;
    private GroupRun _run = null!;

    protected ExecutingMember(string name)
        : base(name)
    {
    }

    /// <summary>The error the interrupt was requested with; written once, before the dispatch.</summary>
    protected Exception? InterruptCause { get; private set; }

    protected override bool InterruptRequested => (Volatile.Read(ref _state) & RequestedBit) != 0;

    protected GroupRun Run => _run;

    public override IActorRef Spawn(IActorContext supervisor, GroupRun run)
    {
        Bind(run);
        _actor = supervisor.ActorOf(MemberActor.PropsFor(this, run.Settings), ActorNames.ForMember(Name, Index));
        // Started here, once _actor is set, and not from the actor's PreStart: an execute that returns at once must
        // find the actor it stops (from PreStart it could return before ActorOf had returned here, stop nobody, and
        // hang the group), and the start no longer waits for the new actor to be scheduled: one thread hop less.
        if (!Start())
        {
            supervisor.Stop(_actor);
        }

        return _actor;
    }

    /// <summary>Attaches the member to the run it belongs to; done once, before it starts.</summary>
    public void Bind(GroupRun run) => _run = run;

    /// <summary>Starts the execute off the calling actor's thread. Called once, when the member's actor is spawned.</summary>
    /// <returns>False when the execute could not be started; the member then counts as exited with that error.</returns>
    private bool Start()
    {
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
        }
        else
        {
            _actor.Tell(run.InterruptMessage(error), context.Self);
        }
    }

    /// <summary>Requests the interrupt; only the first request counts. Never blocks.</summary>
    public void RequestInterrupt(Exception? error)
    {
        if (Interlocked.Exchange(ref _requestedOnce, 1) != 0)
        {
            return;
        }

        InterruptCause = error;
        if ((Interlocked.Or(ref _state, RequestedBit) & StartedBit) != 0)
        {
            DispatchInterrupt();
        }
    }

    public override void OnActorTerminated(Exception? failure)
    {
        // The actor normally stops after the execute returned. If it stopped first (a failure of the actor, or a
        // stop from outside), the member counts as exited now; the group still waits for the execute to return.
        MarkExited(failure ?? new InvalidOperationException(
            $"The actor of member '{Name}' stopped while its execute was still running."));
    }

    /// <summary>Runs the execute on a thread that is not an actor's; it must call <see cref="OnExecuteStarting"/> first.</summary>
    protected abstract void StartExecute();

    /// <summary>Runs the interrupt (with <see cref="InterruptCause"/>) off the calling thread; it must end with <see cref="OnInterruptReturned"/>.</summary>
    protected abstract void DispatchInterrupt();

    protected void OnExecuteStarting()
    {
        MarkStarted(_run);
        if ((Interlocked.Or(ref _state, StartedBit) & RequestedBit) != 0)
        {
            DispatchInterrupt();
        }
    }

    protected void OnExecuteReturned(Exception? error)
    {
        MarkExited(Errors.Unwrap(error));
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
    }
}
