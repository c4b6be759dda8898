using System.Diagnostics;
using Akka.Actor;
using Akka.Event;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. One member of a group: what it runs and, since a group runs once, the state of its run.
/// </summary>
/// <remarks>
/// The outcome fields are written by the thread that observes the event (the member's own thread for an exit, the
/// interrupt's thread for the interrupt) and read by the GroupSupervisor after a message that follows the write,
/// which orders them.
/// </remarks>
internal abstract class Member
{
    private long _startedAt;
    private long _exitedAt;
    private volatile bool _started;
    private int _exitState; // 0 running, 1 recording the exit, 2 exited
    private volatile bool _interruptReturned;

    protected Member(string name) => Name = name;

    public string Name { get; }

    public int Index { get; set; }

    public bool Started => _started;

    public bool Exited => Volatile.Read(ref _exitState) == 2;

    public bool InterruptReturned => _interruptReturned;

    /// <summary>Whether the member needs nothing more from the run: it exited and its interrupt returned.</summary>
    public bool Finished => Exited && _interruptReturned;

    public Exception? Error { get; private set; }

    public Exception? InterruptError { get; private set; }

    public bool Interrupted { get; private set; }

    public bool Abandoned { get; set; }

    /// <summary>Whether the GroupSupervisor has seen the member's actor terminate. Only the GroupSupervisor uses it.</summary>
    public bool ActorStopped { get; set; }

    /// <summary>Whether the GroupSupervisor has published the member's exit. Only the GroupSupervisor uses it.</summary>
    public bool ExitPublished { get; set; }

    /// <summary>How many times the member calls <see cref="GroupRun.Returned"/> in a run: the asynchronous work the run must wait for.</summary>
    public virtual int PendingReturns => 0;

    /// <summary>How many times the member has been restarted by its restart policy.</summary>
    public virtual int Restarts => 0;

    /// <summary>The result of the member's own run, for a nested group; null for other members.</summary>
    public virtual RunResult? NestedResult => null;

    /// <summary>Whether the group's interrupt reached the member; set before the interrupt is dispatched.</summary>
    protected abstract bool InterruptRequested { get; }

    /// <summary>Creates the member's child actor under the GroupSupervisor.</summary>
    public abstract IActorRef Spawn(IActorContext supervisor, GroupRun run);

    /// <summary>
    /// Delivers the group's interrupt, exactly once per member. Called by the GroupSupervisor for members whose
    /// actor has stopped, and by the member's own actor for the others. Never blocks the caller.
    /// </summary>
    public abstract void Interrupt(Exception? error, IActorContext context, GroupRun run);

    /// <summary>Called by the GroupSupervisor when the member's actor has terminated.</summary>
    /// <param name="failure">The exception the actor failed with, if it failed.</param>
    public abstract void OnActorTerminated(Exception? failure);

    /// <summary>Records that the member could not be started at all: it counts as exited, with nothing to interrupt.</summary>
    public virtual void OnStartFailed(Exception error)
    {
        MarkExited(error);
        _interruptReturned = true;
    }

    /// <summary>Waits for the threads the member started, once they have done their work. Only members that start threads wait.</summary>
    public virtual void JoinThreads()
    {
    }

    /// <summary>The member's outcome as of <paramref name="now"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public MemberOutcome ToOutcome(long now) => new(
        Name,
        _started,
        Error,
        Interrupted,
        InterruptError,
        Abandoned,
        _started ? Stopwatch.GetElapsedTime(_startedAt, Exited ? _exitedAt : now) : TimeSpan.Zero,
        NestedResult,
        Restarts);

    /// <summary>The time from the member's start to its exit.</summary>
    public TimeSpan Elapsed => _started && Exited ? Stopwatch.GetElapsedTime(_startedAt, _exitedAt) : TimeSpan.Zero;

    protected void MarkStarted(GroupRun run)
    {
        _startedAt = Stopwatch.GetTimestamp();
        _started = true;
        run.Publish(new MemberStarted(run.Name, Name));
    }

    /// <summary>Records the member's exit; only the first call counts.</summary>
    /// <returns>Whether this call recorded the exit.</returns>
    protected bool MarkExited(Exception? error)
    {
        if (Interlocked.CompareExchange(ref _exitState, 1, 0) != 0)
        {
            return false;
        }

        Error = error;
        Interrupted = InterruptRequested;
        _exitedAt = Stopwatch.GetTimestamp();
        Volatile.Write(ref _exitState, 2);
        return true;
    }

    protected void MarkInterruptReturned(Exception? interruptError, GroupRun run)
    {
        if (interruptError is not null)
        {
            InterruptError = interruptError;
            run.Log.Warning(interruptError, "Run group '{0}': the interrupt of member '{1}' threw; the other interrupts go on.", run.Name, Name);
        }

        _interruptReturned = true;
    }
}
