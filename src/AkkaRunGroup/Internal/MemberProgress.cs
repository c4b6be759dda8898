using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. What the GroupSupervisor knows of one member during a run. Owned by the GroupSupervisor and changed
/// only on its thread; after it stops with its run incomplete, by the run's <see cref="OrphanedRun"/> alone.
/// </summary>
internal sealed class MemberProgress(Member member)
{
    public Member Member { get; } = member;

    /// <summary>The member's actor, once started.</summary>
    public IActorRef? Actor { get; set; }

    /// <summary>Whether the member reports readiness and has not yet (see <see cref="Member.ReportsReady"/>).</summary>
    public bool AwaitingReady { get; set; }

    /// <summary>Whether the member was started (its actor created), or tried to be.</summary>
    public bool Spawned { get; set; }

    /// <summary>Whether the member's actor has terminated (or the member never had one: it could not start).</summary>
    public bool ActorStopped { get; set; }

    /// <summary>The member's exit, once its actor has terminated.</summary>
    public MemberExit? Exit { get; set; }

    /// <summary>Whether the member's execute is still running although its actor has stopped.</summary>
    public bool ExecuteOutstanding { get; set; }

    public bool InterruptRequested { get; set; }

    public bool InterruptReturned { get; set; }

    public Exception? InterruptError { get; set; }

    public bool Abandoned { get; set; }

    public bool ExitPublished { get; set; }

    /// <summary>Whether the member needs nothing more from the run: exited, actor stopped, interrupt returned.</summary>
    public bool Done => ActorStopped && !ExecuteOutstanding && InterruptReturned;

    /// <summary>Whether <see cref="Done"/> has been counted towards the run's completion.</summary>
    public bool Counted { get; set; }

    /// <summary>Records that the member could not be started: it exited with <paramref name="error"/>, with nothing to interrupt.</summary>
    public void StartFailed(Exception error, long now)
    {
        Spawned = true;
        ActorStopped = true;
        Exit = new MemberExit(error, false, now);
        InterruptReturned = true;
    }

    public MemberOutcome ToOutcome(long now) => Member.ToOutcome(Exit, InterruptRequested, InterruptError, Abandoned, now);
}
