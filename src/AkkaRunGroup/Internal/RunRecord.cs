using System.Diagnostics;
using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The bookkeeping of one run that its GroupSupervisor keeps and, should the GroupSupervisor stop with
/// the run incomplete, its <see cref="OrphanedRun"/> takes over: the members' records, how many are not done, the
/// stop decision (its error, the first exit, when) and the shutdown activity; and what both tell and do to end a run:
/// publish a phase, the interrupt and an exit, abandon the members not done, build the result.
/// </summary>
/// <remarks>One owner at a time, on its thread: the GroupSupervisor, then (if any) the OrphanedRun, which receives
/// the record in the GroupSupervisor's PostStop. Nothing here is read by another thread.</remarks>
internal sealed class RunRecord
{
    private const int SmallGroup = 8;

    private readonly RunPlan _plan;
    private readonly Dictionary<IActorRef, MemberRecord>? _byActor;

    public RunRecord(RunPlan plan)
    {
        _plan = plan;
        Members = Array.ConvertAll(plan.Members, static m => new MemberRecord(m));
        NotDone = Members.Length;
        // A small group finds a member's actor by looking at each: a dictionary would cost more than the search.
        _byActor = Members.Length > SmallGroup ? new Dictionary<IActorRef, MemberRecord>(Members.Length) : null;
    }

    /// <summary>One record per member, in Add order.</summary>
    public MemberRecord[] Members { get; }

    /// <summary>How many members are not <see cref="MemberRecord.Done"/>.</summary>
    public int NotDone { get; private set; }

    /// <summary>The run's error, once the stop is decided.</summary>
    public Exception? Error { get; private set; }

    /// <summary>The member whose exit stopped the group; null for a stop from outside.</summary>
    public string? FirstExited { get; private set; }

    /// <summary>The <see cref="Stopwatch"/> timestamp of the stop decision; 0 until it is made.</summary>
    public long StoppedAt { get; private set; }

    /// <summary>The <see cref="Stopwatch"/> timestamp of the interrupt (after the drain, if any); 0 until then.</summary>
    public long InterruptedAt { get; private set; }

    /// <summary>The shutdown activity, from the stop decision to the completion; null when nobody samples it.</summary>
    public Activity? Shutdown { get; private set; }

    /// <summary>Whether the run's stop is decided: its error and first exit are known (it may still be draining).</summary>
    public bool IsStopped => StoppedAt != 0;

    /// <summary>Whether the members have been interrupted (the drain, if any, is over).</summary>
    public bool IsInterrupted => InterruptedAt != 0;

    /// <summary>Records the actor of <paramref name="member"/>, by which its Terminated finds it.</summary>
    public void SetActor(MemberRecord member, IActorRef actor)
    {
        member.Actor = actor;
        _byActor?.Add(actor, member);
    }

    /// <summary>Finds the member whose actor terminated, once: a second Terminated of the same actor finds nothing.</summary>
    public bool TryTakeByActor(IActorRef actor, out MemberRecord member)
    {
        if (_byActor is not null)
        {
            return _byActor.Remove(actor, out member!);
        }

        foreach (var candidate in Members)
        {
            if (!candidate.Has(MemberLife.ActorStopped) && actor.Equals(candidate.Actor))
            {
                member = candidate;
                return true;
            }
        }

        member = null!;
        return false;
    }

    /// <summary>Records that <paramref name="life"/> happened to <paramref name="member"/>, counting it once when it becomes done.</summary>
    public void Mark(MemberRecord member, MemberLife life)
    {
        if (member.Add(life))
        {
            NotDone--;
        }
    }

    /// <summary>Decides the run's stop: its error and its first exit (null: from outside), once.</summary>
    public void DecideStop(Exception? error, string? firstExited)
    {
        Error = error;
        FirstExited = firstExited;
        StoppedAt = Stopwatch.GetTimestamp();
        Shutdown = ShutdownTrace.Start(_plan, firstExited, error);
        _plan.Completion.DecidedError = error;
    }

    /// <summary>Records the interrupt, with nothing to tell: a run with no members.</summary>
    public void MarkInterrupted() => InterruptedAt = Stopwatch.GetTimestamp();

    /// <summary>
    /// Records the interrupt and tells it: the log line that says who stopped the group, then the phase
    /// Interrupting, then <see cref="GroupInterrupted"/>. From now on the members are being interrupted.
    /// </summary>
    public void BeginInterrupt()
    {
        MarkInterrupted();
        // The line before the phase: whoever sees the run Interrupting finds the line that says why written.
        if (FirstExited is null)
        {
            LogLines.InterruptedFromOutside(_plan, Error, Members.Length);
        }
        else
        {
            LogLines.FirstExit(_plan, FirstExited, Error, Members.Length);
        }

        PublishState(RunGroupPhase.Interrupting);
        _plan.Publish(new GroupInterrupted(_plan.Name, FirstExited, Error));
    }

    /// <summary>Publishes the run's new phase, which readers of <see cref="RunGroup.State"/> see from now on.</summary>
    public void PublishState(RunGroupPhase phase) =>
        _plan.Completion.ChangeState(new RunGroupState(_plan.Name, phase, DateTimeOffset.UtcNow, IsStopped, FirstExited, Error, null));

    /// <summary>Publishes the member's exit, once it is known, once: <see cref="MemberExited"/>, the exits counter, a Debug line.</summary>
    public void PublishExit(MemberRecord member)
    {
        if (member.Has(MemberLife.ExitPublished) || member.Exit is not { } exit)
        {
            return;
        }

        member.Add(MemberLife.ExitPublished);
        _plan.Telemetry.MemberExited(_plan, member.Member.Name, exit.Error);
        var elapsed = member.Member.StartedAt is { } startedAt ? Stopwatch.GetElapsedTime(startedAt, exit.ExitedAt) : TimeSpan.Zero;
        _plan.Publish(new MemberExited(_plan.Name, member.Member.Name, exit.Error, elapsed));
        LogLines.MemberExited(_plan, member.Member.Name, exit.Error);
    }

    /// <summary>The interrupt timeout elapsed: every member not done is abandoned (counted, traced, logged), and the run completes without it.</summary>
    public void AbandonNotDone()
    {
        List<string>? abandoned = null;
        foreach (var member in Members)
        {
            if (!member.Done)
            {
                member.Add(MemberLife.Abandoned);
                (abandoned ??= []).Add(member.Member.Name);
                _plan.Telemetry.MemberAbandoned(_plan, member, Shutdown);
            }
        }

        if (abandoned is not null)
        {
            LogLines.Abandoned(_plan, abandoned);
        }
    }

    /// <summary>The run's result from the member records, as of now.</summary>
    public RunResult Result()
    {
        var now = Stopwatch.GetTimestamp();
        var outcomes = new MemberOutcome[Members.Length];
        for (var i = 0; i < outcomes.Length; i++)
        {
            outcomes[i] = Members[i].ToOutcome(now);
        }

        return new RunResult(_plan.Name, Error, FirstExited, outcomes, Stopwatch.GetElapsedTime(_plan.StartedAt, now));
    }

    /// <summary>Completes the run with <paramref name="result"/>: see <see cref="RunCompletion.Complete"/>.</summary>
    public void Complete(RunResult result) => _plan.Completion.Complete(_plan, result, StoppedAt, Shutdown);
}
