using System.Diagnostics;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The part of an executing member's state that several threads change while the member runs. Everything
/// else a run keeps belongs to one thread (the run's bookkeeping to its GroupSupervisor, restart decisions to the
/// member's ExecutionActor); the few fields of <see cref="ExecutingMember"/> that the ExecutionActor writes and the
/// GroupSupervisor reads are read only after the actor's Terminated. The gate decides; its caller, the member, acts on
/// the decision.
/// </summary>
/// <remarks>
/// <para>Who calls what. The execute's thread: <see cref="ExecuteStarting"/> at each incarnation's start, then
/// <see cref="IncarnationEnded"/> (a member with a restart policy, whose ExecutionActor decides what follows) or
/// <see cref="Exit"/> (the final exit; the ExecutionActor calls it too, for a restart it decides against). The
/// GroupSupervisor, or the ExecutionActor it sent the interrupt to: <see cref="RequestInterrupt"/>. The interrupt's
/// thread (or the ExecutionActor, where it ran the interrupt): <see cref="InterruptReturned"/>. The ExecutionActor:
/// <see cref="ReleaseActor"/>, <see cref="TakeEndedIncarnation"/>, and <see cref="ActorStopping"/> in its PostStop
/// (the GroupSupervisor calls that one instead for an actor that stopped before it knew its member). Whoever could
/// not start the first incarnation: <see cref="StartFailed"/>. An orphaned run's finisher: <see cref="WatchFinish"/>.</para>
/// <para>What it guarantees. The interrupt is dispatched exactly once and never before the execute has been
/// invoked: whichever of the start and the request comes second dispatches it. The exit is reported exactly once:
/// by stopping the member's actor while it lives, or, once the actor has stopped, by telling the GroupSupervisor.
/// An incarnation's end is decided exactly once: by the ExecutionActor, or as the exit when the actor is gone.</para>
/// <para>Values written before a state bit is set (the exit record, the interrupt's cause) are read only after that
/// bit is seen, or after the actor's Terminated, which Akka orders after the actor's PostStop.</para>
/// </remarks>
internal sealed class ExecutionGate
{
    private const int Started = 1;
    private const int Requested = 2;
    private const int Dispatched = 4;
    private const int EndPending = 8;
    private const int Exited = 16;
    private const int ActorGone = 32;
    private const int InterruptDone = 64;
    private const int NeverStarted = 128;
    private const int ActorReleased = 256;

    private int _state;
    private long _startedAt;
    private long _exitedAt;
    private Exception? _pendingEnd;
    private ManualResetEventSlim? _finishWatcher;

    /// <summary>Whether the execute has been invoked (at least its first incarnation).</summary>
    public bool IsStarted => Has(Started);

    /// <summary>The <see cref="Stopwatch"/> timestamp of the first incarnation's start; valid once <see cref="IsStarted"/>.</summary>
    public long StartedAt => Volatile.Read(ref _startedAt);

    /// <summary>Whether the interrupt has been requested.</summary>
    public bool InterruptRequested => Has(Requested);

    /// <summary>The error the interrupt was requested with; valid once <see cref="InterruptRequested"/>.</summary>
    public Exception? InterruptCause { get; private set; }

    /// <summary>Whether the final exit is recorded: <see cref="ExitError"/>, <see cref="ExitedAt"/> and <see cref="InterruptedBeforeExit"/> are valid.</summary>
    public bool HasExited => Has(Exited);

    public Exception? ExitError { get; private set; }

    public long ExitedAt => _exitedAt;

    /// <summary>Whether the interrupt had been requested when the execute made its final exit.</summary>
    public bool InterruptedBeforeExit { get; private set; }

    /// <summary>
    /// Whether the execute has made its final exit and the interrupt has returned: no thread of the member's needs
    /// anything more. It is not the member's done (<see cref="MemberRecord.Done"/>), which also needs its actor
    /// stopped; an orphaned run, whose actors have all stopped, reads this one.
    /// </summary>
    public bool BothReturned => (Volatile.Read(ref _state) & (Exited | InterruptDone)) == (Exited | InterruptDone);

    /// <summary>An incarnation's execute is about to be invoked.</summary>
    /// <returns>True when the interrupt, requested earlier, must be dispatched now.</returns>
    public bool ExecuteStarting()
    {
        if (!Has(Started))
        {
            Volatile.Write(ref _startedAt, Stopwatch.GetTimestamp());
        }

        return (Interlocked.Or(ref _state, Started) & Requested) != 0 && ClaimDispatch();
    }

    /// <summary>
    /// Whether the ExecutionActor's thread is free of the execute (which may run on it until its first await), so that
    /// an Interrupt message sent to the actor is read soon.
    /// </summary>
    public bool IsActorReleased => Has(ActorReleased);

    /// <summary>Called by the ExecutionActor once the first incarnation's start has returned from its thread.</summary>
    public void ReleaseActor() => Interlocked.Or(ref _state, ActorReleased);

    /// <summary>The interrupt is requested with <paramref name="cause"/> (by the GroupSupervisor, or by the ExecutionActor on its message); only the first request counts.</summary>
    /// <returns>What the caller does: dispatch it now, wait for its return, or nothing (the execute never started).</returns>
    public InterruptRequest RequestInterrupt(Exception? cause)
    {
        if (!Has(Requested))
        {
            // Every request carries the run's one error: a second writer writes the same value.
            InterruptCause = cause;
        }

        var before = Interlocked.Or(ref _state, Requested);
        if ((before & NeverStarted) != 0)
        {
            return InterruptRequest.NothingToInterrupt;
        }

        return (before & Requested) == 0 && (before & Started) != 0 && ClaimDispatch() ? InterruptRequest.Dispatch : InterruptRequest.Wait;
    }

    /// <summary>The execute could not be started (its thread could not be created): there is nothing to interrupt.</summary>
    /// <returns>True when the interrupt was requested already: the caller reports it as returned.</returns>
    public bool StartFailed() =>
        (Interlocked.Or(ref _state, NeverStarted | Dispatched | InterruptDone) & Requested) != 0;

    /// <summary>An incarnation of a member with a restart policy ended with <paramref name="error"/>.</summary>
    /// <returns>True when the ExecutionActor will decide (tell it); false when it is gone: the caller exits now.</returns>
    public bool IncarnationEnded(Exception? error)
    {
        _pendingEnd = error;
        return (Interlocked.Or(ref _state, EndPending) & ActorGone) == 0;
    }

    /// <summary>The ExecutionActor takes the ended incarnation it was told about, to decide what follows.</summary>
    /// <returns>False when there is none (it was decided already).</returns>
    public bool TakeEndedIncarnation(out Exception? error)
    {
        error = _pendingEnd;
        return (Interlocked.And(ref _state, ~EndPending) & EndPending) != 0;
    }

    /// <summary>Records the final exit.</summary>
    /// <returns>True when the member's actor still lives and must be stopped; false when the GroupSupervisor must be told instead.</returns>
    public bool Exit(Exception? error)
    {
        ExitError = error;
        InterruptedBeforeExit = Has(Requested);
        _exitedAt = Stopwatch.GetTimestamp();
        var actorLives = (Interlocked.Or(ref _state, Exited) & ActorGone) == 0;
        SignalIfFinished();
        return actorLives;
    }

    /// <summary>What the interrupt threw; valid once the member <see cref="BothReturned"/>.</summary>
    public Exception? InterruptError { get; private set; }

    /// <summary>The interrupt returned, having thrown <paramref name="thrown"/>.</summary>
    public void InterruptReturned(Exception? thrown)
    {
        InterruptError = thrown;
        Interlocked.Or(ref _state, InterruptDone);
        SignalIfFinished();
    }

    /// <summary>Called by the ExecutionActor's PostStop: from now on the exit is told to the GroupSupervisor.</summary>
    /// <param name="exited">Whether the exit came before the actor's stop (else it will be told to the GroupSupervisor).</param>
    /// <param name="endedIncarnation">An ended incarnation the actor never decided on, with its error: the caller exits with it.</param>
    public void ActorStopping(out bool exited, out (bool Pending, Exception? Error) endedIncarnation)
    {
        var before = Interlocked.Or(ref _state, ActorGone);
        exited = (before & Exited) != 0;
        endedIncarnation = ((before & EndPending) != 0 && TakeEndedIncarnation(out _), _pendingEnd);
    }

    /// <summary>
    /// For an orphaned run's finisher: sets <paramref name="watcher"/> once the member has finished.
    /// </summary>
    /// <returns>Whether it has finished already.</returns>
    public bool WatchFinish(ManualResetEventSlim watcher)
    {
        Interlocked.Exchange(ref _finishWatcher, watcher);
        return BothReturned;
    }

    private void SignalIfFinished()
    {
        if (BothReturned)
        {
            Volatile.Read(ref _finishWatcher)?.Set();
        }
    }

    private bool ClaimDispatch() => (Interlocked.Or(ref _state, Dispatched) & Dispatched) == 0;

    private bool Has(int bit) => (Volatile.Read(ref _state) & bit) != 0;
}

/// <summary>INTERNAL API. What the requester of an interrupt does next.</summary>
internal enum InterruptRequest
{
    /// <summary>Dispatch the interrupt now: the execute has been invoked.</summary>
    Dispatch,

    /// <summary>Nothing now: the execute's start will dispatch it.</summary>
    Wait,

    /// <summary>Nothing ever: the execute could not be started, so there is nothing to interrupt.</summary>
    NothingToInterrupt,
}
