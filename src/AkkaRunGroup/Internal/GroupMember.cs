using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. A nested group run as a member: its GroupSupervisor is a child of the parent's, so the groups form
/// one supervision tree. It exits when the nested run is over, with the nested run's error; its interrupt interrupts
/// the nested group, which interrupts its own members.
/// </summary>
internal sealed class GroupMember : Member
{
    private const int InterruptBit = 1;
    private const int CompletedBit = 2;

    private readonly RunGroup _group;
    private Member[] _members = [];
    private GroupRun? _nested;
    private IActorRef _supervisor = ActorRefs.Nobody;
    private bool _interruptRequested;
    private int _state;

    public GroupMember(string name, RunGroup group)
        : base(name) => _group = group;

    /// <summary>The nested run's completion, with its threads joined.</summary>
    public override int PendingReturns => 1;

    public RunGroup Group => _group;

    /// <summary>Takes the nested group's members when the outermost run starts, so that nothing can be added after.</summary>
    public void TakeNestedMembers() => _members = _group.TakeMembers();

    public override RunResult? NestedResult => _nested?.Result;

    protected override bool InterruptRequested => _interruptRequested;

    public override IActorRef Spawn(IActorContext supervisor, GroupRun run)
    {
        _nested = new GroupRun(_group.Name, _members, run.Settings, run.System, _group.Order, nested: true);
        _supervisor = supervisor.ActorOf(GroupSupervisor.PropsFor(_nested), ActorNames.ForMember(Name, Index));
        _group.OnRunStarted(_nested, _supervisor, topLevel: false);
        MarkStarted(run);
        _nested.Completion.ContinueWith(
            static (task, state) =>
            {
                var (member, run) = ((GroupMember, GroupRun))state!;
                member.MarkExited(task.Result.Error);
                if ((Interlocked.Or(ref member._state, CompletedBit) & InterruptBit) != 0)
                {
                    member.MarkInterruptReturned(null, run);
                    run.NotifyInterruptReturned();
                }

                run.Returned();
            },
            (this, run),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return _supervisor;
    }

    /// <remarks>
    /// The interrupt returns once the nested run has completed, its threads joined and its GroupCompleted published:
    /// until then the member is not finished, so neither the reverse order nor an abandoning parent moves past it.
    /// </remarks>
    public override void Interrupt(Exception? error, IActorContext context, GroupRun run)
    {
        _interruptRequested = true;
        if (!ActorStopped)
        {
            _supervisor.Tell(new InterruptGroup(error), context.Self);
        }

        if ((Interlocked.Or(ref _state, InterruptBit) & CompletedBit) != 0)
        {
            MarkInterruptReturned(null, run);
        }
    }

    public override void OnActorTerminated(Exception? failure)
    {
        // The nested GroupSupervisor builds its result before it stops, so the result is known here; when it was
        // stopped from outside, the exit is recorded once its run completes.
        if (failure is not null)
        {
            MarkExited(failure);
        }
        else if (_nested?.Result is { } result)
        {
            MarkExited(result.Error);
        }
    }
}
