using Akka.Event;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. GroupSupervisor (or the actor of the member whose exit came first) to member actor: run the interrupt
/// of <paramref name="Member"/> (the receiving actor's member) with this error. A member actor can stop (its execute
/// returned) while the message is on its way; the GroupSupervisor then delivers the interrupt itself on the actor's
/// Terminated, so the dead letter is expected and not logged.
/// </summary>
internal sealed record Interrupt(ExecutingMember Member, Exception? Error) : IDeadLetterSuppression;

/// <summary>
/// INTERNAL API. GroupSupervisor to a new member actor: run the execute of <paramref name="Member"/> here. Should the
/// actor stop before it handles the message, the GroupSupervisor starts the execute itself, so the dead letter is
/// expected and not logged.
/// </summary>
internal sealed record StartExecute(ExecutingMember Member) : IDeadLetterSuppression;

/// <summary>
/// INTERNAL API. To the GroupSupervisor: interrupt the group from outside with this error (null: cleanly). It may
/// arrive after the run has completed (a late cancellation), so its dead letter is not logged.
/// </summary>
internal sealed record InterruptGroup(Exception? Error) : IDeadLetterSuppression;

/// <summary>
/// INTERNAL API. To the GroupSupervisor: every execute and every interrupt has returned. The GroupSupervisor may have
/// stopped meanwhile, having handed the completion over to the last return, so its dead letter is not logged.
/// </summary>
internal sealed class AllReturned : IDeadLetterSuppression
{
    public static readonly AllReturned Instance = new();

    private AllReturned()
    {
    }
}

/// <summary>INTERNAL API. To the GroupSupervisor: the interrupt timeout elapsed.</summary>
internal sealed class InterruptTimedOut
{
    public static readonly InterruptTimedOut Instance = new();

    private InterruptTimedOut()
    {
    }
}

/// <summary>INTERNAL API. To the GroupSupervisor, in reverse interrupt order: a member's interrupt returned.</summary>
internal sealed class MemberInterruptReturned : IDeadLetterSuppression
{
    public static readonly MemberInterruptReturned Instance = new();

    private MemberInterruptReturned()
    {
    }
}

/// <summary>INTERNAL API. To the GroupSupervisor, in reverse interrupt order: step <paramref name="Step"/> timed out.</summary>
internal sealed record StepTimedOut(int Step);
