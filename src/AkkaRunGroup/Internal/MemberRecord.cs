using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. Everything a run knows of one member: its life as one <see cref="MemberLife"/> value, its actor, its
/// exit and what its interrupt threw. Written only by the run's one owner: its GroupSupervisor, on the
/// GroupSupervisor's thread; after the GroupSupervisor stopped with its run incomplete, the run's
/// <see cref="OrphanedRun"/>, one check at a time. <see cref="RunRecord"/> holds the records of a run and changes their
/// life through <see cref="RunRecord.Mark"/>, which counts a member once, when it becomes <see cref="Done"/>.
/// </summary>
/// <remarks>What crosses threads while a member runs is not here: it is in the member (an
/// <see cref="ExecutionGate"/> for a member with an execute), which reports to the owner by messages.</remarks>
internal sealed class MemberRecord(Member member)
{
    /// <summary>
    /// What makes a member done: its actor stopped, its execute returned, its interrupt returned. Marked at once for a
    /// member that could not start, never starts, or that an orphaned run saw finish.
    /// </summary>
    public const MemberLife DoneWhen = MemberLife.ActorStopped | MemberLife.ExecuteReturned | MemberLife.InterruptReturned;

    public Member Member { get; } = member;

    /// <summary>The member's actor, once started.</summary>
    public IActorRef? Actor { get; set; }

    /// <summary>What has happened to the member so far.</summary>
    public MemberLife Life { get; private set; }

    /// <summary>The member's exit, once its actor has terminated (or it could not start).</summary>
    public MemberExit? Exit { get; set; }

    /// <summary>What the member's interrupt threw, once it returned.</summary>
    public Exception? InterruptError { get; set; }

    /// <summary>
    /// The one definition of a member that needs nothing more from its run: its actor has stopped, its execute has
    /// returned and its interrupt has returned. The run completes once every member is done, or abandons the others.
    /// </summary>
    public bool Done => (Life & DoneWhen) == DoneWhen;

    /// <summary>Whether everything in <paramref name="life"/> has happened to the member.</summary>
    public bool Has(MemberLife life) => (Life & life) == life;

    /// <summary>Records that <paramref name="life"/> happened; call it through <see cref="RunRecord.Mark"/>, which counts the member done.</summary>
    /// <returns>True when this made the member <see cref="Done"/>: once per member.</returns>
    public bool Add(MemberLife life)
    {
        var wasDone = Done;
        Life |= life;
        return !wasDone && Done;
    }

    /// <summary>Takes <paramref name="life"/> back (a readiness that came).</summary>
    public void Remove(MemberLife life) => Life &= ~life;

    public MemberOutcome ToOutcome(long now) =>
        Member.ToOutcome(Exit, Has(MemberLife.InterruptRequested), InterruptError, Has(MemberLife.Abandoned), now);
}

/// <summary>
/// INTERNAL API. What has happened to a member in its run. A member's exit and its interrupt run in either order, so
/// its life is a set of these rather than a sequence: spawned, then, in any order, its actor stopped, its execute
/// returned, its interrupt requested and returned; then done (see <see cref="MemberRecord.Done"/>), or abandoned.
/// </summary>
[Flags]
internal enum MemberLife
{
    /// <summary>Not started yet.</summary>
    None = 0,

    /// <summary>Started, or tried to be: its actor was created, or its start threw.</summary>
    Spawned = 1,

    /// <summary>It reports readiness and has not yet (see <see cref="Member.ReportsReady"/>).</summary>
    AwaitingReady = 2,

    /// <summary>Its actor has terminated (or it never had one: it could not start).</summary>
    ActorStopped = 4,

    /// <summary>Its execute has returned. Set with <see cref="ActorStopped"/>, or after it when the actor stopped first.</summary>
    ExecuteReturned = 8,

    /// <summary>The group's interrupt was requested for it.</summary>
    InterruptRequested = 16,

    /// <summary>Its interrupt returned (or it had nothing to interrupt).</summary>
    InterruptReturned = 32,

    /// <summary>Its exit was published: <see cref="MemberExited"/>, the exits counter, its log line.</summary>
    ExitPublished = 64,

    /// <summary>The run completed without it: the interrupt timeout elapsed first.</summary>
    Abandoned = 128,
}
