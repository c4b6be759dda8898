using System.Diagnostics;
using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. A nested group run as a member: its GroupSupervisor is a child of the parent's, so the groups form
/// one supervision tree. It exits when the nested GroupSupervisor stops, with the nested run's error; its interrupt
/// interrupts the nested group, and returns once the nested run has completed (its threads joined, its
/// GroupCompleted published), so that the parent never completes before a nested run it did not abandon.
/// </summary>
internal sealed class NestedGroupMember(string name, int index, RunGroup group) : Member(name, index)
{
    private Member[] _members = [];
    private RunPlan? _nested;
    private IActorRef _supervisor = ActorRefs.Nobody;
    private long? _startedAt;
    private bool _interrupted;

    public override bool OwnsThreads => false;

    public override long? StartedAt => _startedAt;

    /// <remarks>The nested GroupSupervisor sends <see cref="MemberReady"/> to its parent once its own members have all started.</remarks>
    public override bool ReportsReady => true;

    public override RunResult? NestedResult => _nested?.Completion.Result;

    /// <summary>Takes the nested group's members when the outermost run begins, so that nothing can be added after.</summary>
    public override void OnTaken() => _members = group.TakeMembers();

    public override void OnReleased() => group.ReleaseMembers(_members);

    public override bool Nests(RunGroup other) => ReferenceEquals(group, other) || group.Contains(other);

    public override IActorRef Start(IActorContext supervisor, RunPlan plan, string actorName)
    {
        _nested = plan.Nest(group, _members);
        group.AttachRun(_nested);
        _supervisor = supervisor.ActorOf(GroupSupervisorProps.For(_nested), actorName);
        group.OnRunStarted(_nested, _supervisor, topLevel: false);
        _startedAt = Stopwatch.GetTimestamp();
        plan.Publish(new MemberStarted(plan.Name, Name));
        return _supervisor;
    }

    /// <remarks>
    /// The nested GroupSupervisor decides its run's error before it stops, so the error is known here even when the
    /// nested run completes later (its threads still being joined, or its supervisor stopped from outside).
    /// </remarks>
    public override MemberExit OnActorTerminated(Exception? failure, bool interruptRequested, Exception? error) =>
        new(failure ?? _nested!.Completion.DecidedError, _interrupted, Stopwatch.GetTimestamp());

    public override bool Interrupt(Exception? error, IActorContext supervisor, bool actorStopped, out Exception? thrown)
    {
        thrown = null;
        _interrupted = !actorStopped;
        if (!actorStopped)
        {
            _supervisor.Tell(new InterruptGroup(error), supervisor.Self);
        }

        _nested!.Completion.Task.ContinueWith(
            static (_, state) =>
            {
                var (parent, index) = ((IActorRef, int))state!;
                parent.Tell(new InterruptReturned(index, null));
            },
            (supervisor.Self, Index),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return false;
    }

    /// <remarks>The nested GroupSupervisor stopped with its parent, interrupting its members, and finishes its own run.</remarks>
    public override void Orphan(Exception? error, bool interrupt, bool interruptRequested)
    {
    }

    public override (MemberExit? Exit, Exception? InterruptError) EndAfterOrphaned() =>
        (_nested is { } nested ? new MemberExit(nested.Completion.DecidedError, _interrupted, Stopwatch.GetTimestamp()) : null, null);

    public override bool WatchFinish(ManualResetEventSlim watcher)
    {
        if (_nested is not { } nested)
        {
            return true;
        }

        nested.Completion.Task.ContinueWith(
            static (_, w) => ((ManualResetEventSlim)w!).Set(),
            watcher,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return nested.Completion.Task.IsCompleted;
    }
}
