using System.Diagnostics;
using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. A member that is a user's actor (AddActor), created from its Props as a child of the GroupSupervisor.
/// It exits when the actor stops; its interrupt sends the actor a message, or stops it. Everything about it happens on
/// the GroupSupervisor's thread.
/// </summary>
internal sealed class UserActorMember(string name, int index, Props props, Func<Exception?, object>? interruptMessage, bool reportsReady)
    : Member(name, index)
{
    private IActorRef _actor = ActorRefs.Nobody;
    private long? _startedAt;
    private bool _interrupted;
    private Exception? _orphanedInterruptError;

    public override long? StartedAt => _startedAt;

    public override bool ReportsReady => reportsReady;

    public override IActorRef Start(IActorContext supervisor, RunPlan plan, string actorName)
    {
        _actor = supervisor.ActorOf(props, actorName);
        _startedAt = Stopwatch.GetTimestamp();
        plan.Publish(new MemberStarted(plan.Name, Name));
        return _actor;
    }

    /// <remarks>A failure is the actor's exception; an actor that stopped itself exited cleanly.</remarks>
    public override MemberExit OnActorTerminated(Exception? failure, bool interruptRequested, Exception? error) => new(failure, _interrupted, Stopwatch.GetTimestamp());

    /// <remarks>
    /// Runs the message factory on the GroupSupervisor's thread: it is documented to be cheap. When it throws or
    /// returns null, the actor is stopped instead, so that the group cannot wait on an actor that was never told to
    /// stop; what it threw is the interrupt's error. It has returned when this returns.
    /// </remarks>
    public override bool Interrupt(Exception? error, IActorContext supervisor, bool actorStopped, out Exception? thrown)
    {
        _interrupted = !actorStopped;
        var message = MessageFor(error, out thrown);
        if (!actorStopped)
        {
            if (message is null)
            {
                supervisor.Stop(_actor);
            }
            else
            {
                _actor.Tell(message, supervisor.Self);
            }
        }

        return true;
    }

    /// <remarks>The actor is gone with its GroupSupervisor: only the factory is left to call, once, as every interrupt is.</remarks>
    public override void Orphan(Exception? error, bool interrupt, bool interruptRequested)
    {
        if (interrupt)
        {
            MessageFor(error, out _orphanedInterruptError);
        }
    }

    /// <remarks>Its actor was stopped with the GroupSupervisor: a clean exit.</remarks>
    public override (MemberExit? Exit, Exception? InterruptError) EndAfterOrphaned() =>
        (new MemberExit(null, _interrupted, Stopwatch.GetTimestamp()), _orphanedInterruptError);

    public override bool WatchFinish(ManualResetEventSlim watcher) => true;

    private object? MessageFor(Exception? error, out Exception? thrown)
    {
        thrown = null;
        try
        {
            return interruptMessage?.Invoke(error);
        }
        catch (Exception e)
        {
            thrown = e;
            return null;
        }
    }
}
