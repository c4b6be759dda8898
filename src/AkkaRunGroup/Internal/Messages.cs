using Akka.Event;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. To the GroupSupervisor, from outside the group (RunGroup.Interrupt, RunAsync's token,
/// CoordinatedShutdown, a parent group): interrupt the group with this error (null: cleanly), after the drain when
/// <paramref name="Drains"/> (a terminating ActorSystem does not wait for one). It may arrive after the run has
/// completed, so its dead letter is not logged.
/// </summary>
internal sealed record InterruptGroup(Exception? Error, bool Drains = true) : IDeadLetterSuppression;

/// <summary>
/// INTERNAL API. To the GroupSupervisor, from the thread that ran member <paramref name="Index"/>'s interrupt (or from
/// a nested run's completion): the interrupt returned, having thrown <paramref name="Thrown"/>. After an abandoning
/// run its GroupSupervisor is gone, so its dead letter is not logged.
/// </summary>
internal sealed record InterruptReturned(int Index, Exception? Thrown) : IDeadLetterSuppression;

/// <summary>
/// INTERNAL API. To the GroupSupervisor: member <paramref name="Index"/>'s execute returned after its actor had
/// stopped (the actor was stopped from outside). Not logged as a dead letter, as above.
/// </summary>
internal sealed record ExecuteReturned(int Index) : IDeadLetterSuppression;

/// <summary>
/// INTERNAL API. The GroupSupervisor's keyed timer to itself: the interrupt timeout elapsed, of the whole interrupt or
/// of one turn of a reverse-order interrupt. A timer started again or cancelled never delivers it; one enqueued as the
/// GroupSupervisor stops is not logged as a dead letter.
/// </summary>
internal sealed class InterruptTimedOut : IDeadLetterSuppression
{
    public static readonly InterruptTimedOut Instance = new();

    private InterruptTimedOut()
    {
    }
}

/// <summary>
/// INTERNAL API. GroupSupervisor to a new ExecutionActor: run <paramref name="Member"/>'s execute here. The actor
/// may be stopped before it reads it (the GroupSupervisor then starts the execute itself, once it has seen the actor
/// terminate), so its dead letter is not logged.
/// </summary>
internal sealed record StartExecute(ExecutingMember Member) : IDeadLetterSuppression;

/// <summary>
/// INTERNAL API. To an ExecutionActor, from the thread its member's execute returned on: decide between a restart
/// and the exit (members with a restart policy only). Its error waits in the member's gate.
/// </summary>
internal sealed class IncarnationEnded : IDeadLetterSuppression
{
    public static readonly IncarnationEnded Instance = new();

    private IncarnationEnded()
    {
    }
}

/// <summary>INTERNAL API. An ExecutionActor's keyed timer to itself: the restart backoff elapsed, start the next incarnation (not logged as a dead letter).</summary>
internal sealed class RestartNow : IDeadLetterSuppression
{
    public static readonly RestartNow Instance = new();

    private RestartNow()
    {
    }
}

/// <summary>
/// INTERNAL API. GroupSupervisor to a member's ExecutionActor: the group is interrupted with <paramref name="Error"/>.
/// The actor runs the interrupt right here where its member allows it (an async member on a thread-pool dispatcher,
/// whose actor no execute is holding), and a member waiting out a restart backoff exits. The actor may have stopped
/// (its execute returned): the GroupSupervisor then requests the interrupt itself, so the dead letter is not logged.
/// </summary>
internal sealed record Interrupt(Exception? Error) : IDeadLetterSuppression;

/// <summary>INTERNAL API. The GroupSupervisor's keyed timer to itself: the drain delay elapsed, interrupt the group now (not logged as a dead letter).</summary>
internal sealed class DrainElapsed : IDeadLetterSuppression
{
    public static readonly DrainElapsed Instance = new();

    private DrainElapsed()
    {
    }
}

/// <summary>
/// INTERNAL API. To a draining GroupSupervisor, from its signal registrations: the process received
/// <paramref name="Signal"/> during the drain, which ends the drain at once.
/// </summary>
internal sealed record DrainCut(System.Runtime.InteropServices.PosixSignal Signal) : IDeadLetterSuppression;
