using System.Diagnostics;
using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <remarks>How the GroupSupervisor reads what its members report: their actors' Terminated, and their messages.</remarks>
internal sealed partial class GroupSupervisor
{
    private void OnTerminated(IActorRef actor)
    {
        if (!TryTakeMember(actor, out var index))
        {
            return;
        }

        Exception? failure = null;
        _failures?.Remove(actor, out failure);
        var member = _members[index];
        if (failure is not null)
        {
            LogLines.ActorFailed(_plan, member.Member.Name, failure);
        }

        var exit = member.Member.OnActorTerminated(Errors.Unwrap(failure));
        member.ActorStopped = true;
        member.Exit = exit;
        member.ExecuteOutstanding = exit.ExecuteStillRunning;
        if (exit.InterruptReturned)
        {
            OnInterruptReturned(member, exit.InterruptError);
        }

        OnExit(index);
    }

    /// <summary>Finds the member whose actor terminated, once: a second Terminated of the same actor finds nothing.</summary>
    private bool TryTakeMember(IActorRef actor, out int index)
    {
        if (_byActor is not null)
        {
            return _byActor.Remove(actor, out index);
        }

        for (index = 0; index < _members.Length; index++)
        {
            if (!_members[index].ActorStopped && actor.Equals(_members[index].Actor))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The reports members send by message: an interrupt returned, an execute returned after its actor stopped.</summary>
    private bool OnReport(object message)
    {
        switch (message)
        {
            case InterruptReturned returned:
                OnInterruptReturned(_members[returned.Index], returned.Thrown);
                Progress(returned.Index);
                return true;
            case ExecuteReturned returned:
                _members[returned.Index].ExecuteOutstanding = false;
                Progress(returned.Index);
                return true;
            default:
                return false;
        }
    }

    private void OnInterruptReturned(MemberProgress member, Exception? thrown)
    {
        member.InterruptReturned = true;
        member.InterruptError = thrown;
        if (thrown is not null)
        {
            LogLines.InterruptThrew(_plan, member.Member.Name, thrown);
        }
    }

    /// <summary>Publishes the member's exit, once: <see cref="MemberExited"/>, and a Debug line.</summary>
    internal static void PublishExit(RunPlan plan, MemberProgress member)
    {
        if (member.ExitPublished || member.Exit is not { } exit)
        {
            return;
        }

        member.ExitPublished = true;
        plan.Telemetry.MemberExited(plan, member.Member.Name, exit.Error);
        var elapsed = member.Member.StartedAt is { } startedAt ? Stopwatch.GetElapsedTime(startedAt, exit.ExitedAt) : TimeSpan.Zero;
        plan.Publish(new MemberExited(plan.Name, member.Member.Name, exit.Error, elapsed));
        LogLines.MemberExited(plan, member.Member.Name, exit.Error);
    }

    private void PublishExit(MemberProgress member) => PublishExit(_plan, member);
}
