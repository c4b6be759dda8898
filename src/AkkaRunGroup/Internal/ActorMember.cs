using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. A member that is a user's actor, spawned as a child of the GroupSupervisor. It exits when the actor
/// stops; its interrupt sends the actor a message, or stops it.
/// </summary>
internal sealed class ActorMember : Member
{
    private readonly Props _props;
    private readonly Func<Exception?, object>? _interruptMessage;
    private IActorRef _actor = ActorRefs.Nobody;
    private bool _interruptRequested;

    public ActorMember(string name, Props props, Func<Exception?, object>? interruptMessage)
        : base(name)
    {
        _props = props;
        _interruptMessage = interruptMessage;
    }

    protected override bool InterruptRequested => _interruptRequested;

    public override IActorRef Spawn(IActorContext supervisor, GroupRun run)
    {
        _actor = supervisor.ActorOf(_props, ActorNames.ForMember(Name, Index));
        MarkStarted(run);
        return _actor;
    }

    /// <remarks>
    /// Runs on the GroupSupervisor's thread: the message factory is expected to be cheap. When it throws or returns
    /// null, the actor is stopped instead, so that the group cannot wait on an actor that was never told to stop.
    /// </remarks>
    public override void Interrupt(Exception? error, IActorContext context, GroupRun run)
    {
        _interruptRequested = true;
        object? message = null;
        Exception? thrown = null;
        if (_interruptMessage is not null)
        {
            try
            {
                message = _interruptMessage(error);
            }
            catch (Exception e)
            {
                thrown = e;
            }
        }

        if (!ActorStopped)
        {
            if (message is null)
            {
                context.Stop(_actor);
            }
            else
            {
                _actor.Tell(message, context.Self);
            }
        }

        MarkInterruptReturned(thrown, run);
    }

    public override void OnActorTerminated(Exception? failure) => MarkExited(failure);
}
