using System.Diagnostics;
using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. One member of a run, as the GroupSupervisor drives it. Each kind of member (a synchronous or
/// asynchronous execute, a user's actor, a nested group) is one subclass; the GroupSupervisor never asks which.
/// </summary>
/// <remarks>
/// <para>The contract. The GroupSupervisor calls <see cref="Start"/> first, <see cref="ToOutcome"/> last (a method of
/// this base, which the run's owner calls as it builds the result: the GroupSupervisor, an <see cref="OrphanedRun"/>,
/// or <see cref="RunCompletion.CompleteIfNeverStarted"/>), and in between <see cref="OnActorTerminated"/> and
/// <see cref="Interrupt"/> once each, in either order (a member can be interrupted before or after its exit), all on
/// its own thread:</para>
/// <list type="number">
/// <item><see cref="Start"/>, once: create the member's actor as a child of the GroupSupervisor under the given name,
/// start the execute, and return the actor. The GroupSupervisor watches it: its termination is the member's exit.
/// The execute must never run on the calling thread. Throwing means the member could not start: it counts as exited
/// with that error, with nothing to interrupt.</item>
/// <item><see cref="OnActorTerminated"/>, once, when the actor has terminated: the member's exit as the member
/// recorded it before its actor stopped (and, if its interrupt ran on that actor, the interrupt's return). When the actor stopped first (stopped from outside, or failed), the member
/// counts as exited with <c>failure</c> (or an error naming the stop); if its execute is still running, it returns
/// <see cref="MemberExit.ExecuteStillRunning"/> and later reports the return with an <see cref="ExecuteReturned"/>
/// message.</item>
/// <item><see cref="Interrupt"/>, once, when the group interrupts the member (before or after its exit). It must not
/// block and must not run user code on the calling thread, except where the kind documents it (an actor member's
/// message factory). It returns true when the interrupt has returned already; otherwise the member reports the return
/// with an <see cref="InterruptReturned"/> message, or, if the interrupt ran on the member's actor before it stopped,
/// in the <see cref="MemberExit"/> of <see cref="OnActorTerminated"/>.</item>
/// <item><see cref="ToOutcome"/>, once, when the run completes.</item>
/// </list>
/// <para>A member reports to the GroupSupervisor only by messages and by its actor stopping. Members that start
/// threads say so with <see cref="OwnsThreads"/>; a run joins them (<see cref="JoinThreads"/>) before it completes,
/// unless the member was abandoned.</para>
/// <para>If the GroupSupervisor stops before its run is complete, every actor of the run is gone and no message
/// reaches it any more: it calls <see cref="Orphan"/> for every member whose actor's Terminated it has not seen, or
/// that it has not interrupted yet; the run's <see cref="OrphanedRun"/> then waits with <see cref="WatchFinish"/>
/// and reads each end with <see cref="EndAfterOrphaned"/>.</para>
/// </remarks>
internal abstract class Member(string name, int index)
{
    /// <summary>The member's name, as given to Add.</summary>
    public string Name { get; } = name;

    /// <summary>The member's position in Add order.</summary>
    public int Index { get; } = index;

    /// <summary>Whether the member starts threads of its own, which the run joins before it completes.</summary>
    public virtual bool OwnsThreads => false;

    /// <summary>
    /// Whether the member's exit is a stop from outside the group (a signal or a cancellation member): like an outside
    /// interrupt, it drains before the group is interrupted. Set when the member is added.
    /// </summary>
    public bool StopsFromOutside { get; init; }

    /// <summary>
    /// Whether the member counts as started only once its actor has sent <see cref="MemberReady"/> to the
    /// GroupSupervisor; otherwise it counts as started as soon as <see cref="Start"/> returned.
    /// </summary>
    public virtual bool ReportsReady => false;

    /// <summary>Creates the member's actor under the GroupSupervisor and starts the execute; see the class remarks.</summary>
    /// <returns>The actor whose termination is the member's exit.</returns>
    public abstract IActorRef Start(IActorContext supervisor, RunPlan plan, string actorName);

    /// <summary>The member's exit, read when its actor has terminated; see the class remarks.</summary>
    /// <param name="failure">The exception the actor failed with, if it failed.</param>
    /// <param name="interruptRequested">Whether the group has requested the member's interrupt (its record says so).</param>
    /// <param name="error">The run's error, which that interrupt carries.</param>
    public abstract MemberExit OnActorTerminated(Exception? failure, bool interruptRequested, Exception? error);

    /// <summary>Delivers the group's interrupt; see the class remarks.</summary>
    /// <param name="error">The run's error.</param>
    /// <param name="supervisor">The GroupSupervisor's context.</param>
    /// <param name="actorStopped">Whether the member's actor has terminated.</param>
    /// <param name="thrown">What the interrupt threw, when it has returned.</param>
    /// <returns>True when the interrupt has returned; otherwise an <see cref="InterruptReturned"/> message follows.</returns>
    public abstract bool Interrupt(Exception? error, IActorContext supervisor, bool actorStopped, out Exception? thrown);

    /// <summary>
    /// The GroupSupervisor stopped with its run incomplete, every actor of the run gone: the member makes sure its
    /// execute has started, and delivers the interrupt when <paramref name="interrupt"/>. Never blocks.
    /// </summary>
    /// <param name="error">The run's error.</param>
    /// <param name="interrupt">Whether the interrupt is requested now: it was not before.</param>
    /// <param name="interruptRequested">Whether it was requested before (it may not have reached the member's actor).</param>
    public abstract void Orphan(Exception? error, bool interrupt, bool interruptRequested);

    /// <summary>For an orphaned run, once the member finished or the wait ended: its exit (null while it still runs) and what its interrupt threw.</summary>
    public abstract (MemberExit? Exit, Exception? InterruptError) EndAfterOrphaned();

    /// <summary>For an orphaned run: sets <paramref name="watcher"/> once the member has finished (exited, interrupt returned).</summary>
    /// <returns>Whether it has finished already.</returns>
    public abstract bool WatchFinish(ManualResetEventSlim watcher);

    /// <summary>Called when the run that holds the member begins, before it starts (a nested group takes its own members then).</summary>
    public virtual void OnTaken()
    {
    }

    /// <summary>Undoes <see cref="OnTaken"/> for a run that was refused before anything ran.</summary>
    public virtual void OnReleased()
    {
    }

    /// <summary>Whether the member is <paramref name="group"/>, or holds it at any depth; refuses a group nested in itself.</summary>
    public virtual bool Nests(RunGroup group) => false;

    /// <summary>Waits for the threads the member started; called once they have done their work.</summary>
    public virtual void JoinThreads()
    {
    }

    /// <summary>The member's outcome when the run completes.</summary>
    /// <param name="exit">Its exit, or null when it never exited (abandoned, or never started).</param>
    /// <param name="interruptRequested">Whether the group's interrupt was requested for it.</param>
    /// <param name="interruptError">What its interrupt threw.</param>
    /// <param name="abandoned">Whether the run completed without it.</param>
    /// <param name="now">The completion's <see cref="Stopwatch"/> timestamp.</param>
    public MemberOutcome ToOutcome(MemberExit? exit, bool interruptRequested, Exception? interruptError, bool abandoned, long now)
    {
        var started = StartedAt is not null;
        var elapsed = StartedAt is { } at ? Stopwatch.GetElapsedTime(at, exit?.ExitedAt ?? now) : TimeSpan.Zero;
        return new MemberOutcome(
            Name,
            started,
            exit?.Error,
            exit?.Interrupted ?? (interruptRequested && started),
            interruptError,
            abandoned,
            elapsed,
            NestedResult,
            Restarts);
    }

    /// <summary>The <see cref="Stopwatch"/> timestamp of the execute's start; null while it has not started.</summary>
    public abstract long? StartedAt { get; }

    /// <summary>How many times the member has been restarted by its restart policy.</summary>
    public virtual int Restarts => 0;

    /// <summary>The nested run's result, for a nested group that completed; null otherwise.</summary>
    public virtual RunResult? NestedResult => null;
}

/// <summary>INTERNAL API. A member's exit as the GroupSupervisor learns it when the member's actor terminates.</summary>
/// <param name="Error">The exit error; null for a clean exit.</param>
/// <param name="Interrupted">Whether the group's interrupt reached the member before it exited.</param>
/// <param name="ExitedAt">The exit's <see cref="Stopwatch"/> timestamp.</param>
/// <param name="ExecuteStillRunning">The actor stopped first: an <see cref="ExecuteReturned"/> message follows.</param>
/// <param name="InterruptReturned">The interrupt ran on the member's actor and returned before it stopped: no message follows for it.</param>
/// <param name="InterruptError">What that interrupt threw.</param>
internal readonly record struct MemberExit(
    Exception? Error, bool Interrupted, long ExitedAt, bool ExecuteStillRunning = false, bool InterruptReturned = false, Exception? InterruptError = null);
