namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. One run as the observable instruments see it while it is live: its group's name, its phase and the
/// number of its members running. <see cref="LiveRuns"/> holds it from the run's start to its completion.
/// </summary>
/// <remarks>
/// Who writes: the owner of the run's members (its GroupSupervisor; after an early stop, its <see cref="OrphanedRun"/>)
/// counts each member in as it is started and out as its exit is seen or it is abandoned; <see cref="LiveRuns"/> links
/// and unlinks it, under its lock. Who reads: a listener's collection, on the listener's thread, under the same lock.
/// The phase is the run's published state (<see cref="RunCompletion.State"/>), read when asked.
/// </remarks>
internal sealed class LiveRun(string group, RunCompletion completion)
{
    private long _running;

    public string Group { get; } = group;

    /// <summary>The run's phase as last published; <see cref="RunGroupPhase.Starting"/> until its first change.</summary>
    public RunGroupPhase Phase => completion.State?.Phase ?? RunGroupPhase.Starting;

    /// <summary>The members started whose exit has not been seen, and who were not abandoned.</summary>
    public long Running => Interlocked.Read(ref _running);

    /// <summary>The run before this one in <see cref="LiveRuns"/>; written under its lock.</summary>
    public LiveRun? Previous { get; set; }

    /// <summary>The run after this one in <see cref="LiveRuns"/>; written under its lock.</summary>
    public LiveRun? Next { get; set; }

    /// <summary>Whether the run is in <see cref="LiveRuns"/>; written under its lock.</summary>
    public bool Linked { get; set; }

    public void MemberStarted() => Interlocked.Increment(ref _running);

    public void MemberGone() => Interlocked.Decrement(ref _running);
}
