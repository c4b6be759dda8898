using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The child actor of a synchronous or asynchronous member. It owns the member's execution: it runs the
/// execute when its <see cref="StartExecute"/> arrives, runs the interrupt when its <see cref="Interrupt"/> arrives
/// (where the member allows it), decides restarts, and stops when the member exits: its termination is how the
/// GroupSupervisor learns of the exit.
/// </summary>
/// <remarks>
/// <para>It owns the restarts of a member with a restart policy: the policy decides whether to restart
/// (<see cref="RestartHistory.TryRestart"/>), the actor waits and starts the next incarnation.</para>
/// <para>Its Props are shared by every such actor of a dispatcher: the actor learns its member from its first message
/// instead of from a Props, a Deploy and a producer of its own. An actor stopped before any message knows no member;
/// the GroupSupervisor then starts the execute itself.</para>
/// </remarks>
internal sealed class ExecutionActor : ActorBase, IWithTimers
{
    private const string BackoffTimer = "backoff";

    private static readonly IIndirectActorProducer Producer = new ExecutionActorProducer();

    private ExecutingMember? _member;
    private bool _inBackoff;
    private Exception? _lastError;

    /// <summary>Set by Akka when the actor is created; its one timer is the restart backoff, which stops with the actor.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The Props of ExecutionActors on <paramref name="dispatcher"/> (empty: Akka's default dispatcher).</summary>
    public static Props Props(string dispatcher) => PropsCache.For<ExecutionActor>(dispatcher, Producer);

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case StartExecute start:
                _member = start.Member;
                _member.StartOnActor();
                return true;
            case IncarnationEnded:
                DecideOnEndedIncarnation(_member!);
                return true;
            case RestartNow:
                _inBackoff = false;
                if (_member!.Gate.InterruptRequested)
                {
                    _member.Exit(_lastError);
                }
                else
                {
                    _member.StartNextIncarnation();
                }

                return true;
            case Interrupt interrupt:
                _member?.InterruptOnActor(interrupt.Error);
                EndBackoff();
                return true;
            default:
                return false;
        }
    }

    protected override void PostStop()
    {
        _member?.OnActorStopping((_inBackoff, _lastError));
    }

    /// <summary>
    /// An incarnation of a member with a restart policy ended: the policy decides whether it restarts (never once the
    /// group is interrupted); a restart waits out its backoff here.
    /// </summary>
    private void DecideOnEndedIncarnation(ExecutingMember member)
    {
        if (!member.Gate.TakeEndedIncarnation(out var error))
        {
            return;
        }

        if (member.Gate.InterruptRequested || !member.RestartHistory!.TryRestart(member.Plan, member.Name, error, out var backoff))
        {
            member.Exit(error);
            return;
        }

        member.Plan.Telemetry.MemberRestarted(member.Plan.Name, member.Name, error);
        _lastError = error;
        _inBackoff = true;
        Timers.StartSingleTimer(BackoffTimer, RestartNow.Instance, backoff);
    }

    /// <summary>The group was interrupted: a member waiting out a backoff exits with its last error.</summary>
    private void EndBackoff()
    {
        if (_inBackoff)
        {
            Timers.Cancel(BackoffTimer);
            _inBackoff = false;
            _member!.Exit(_lastError);
        }
    }

    private sealed class ExecutionActorProducer : IIndirectActorProducer
    {
        public Type ActorType => typeof(ExecutionActor);

        public ActorBase Produce() => new ExecutionActor();

        public void Release(ActorBase actor)
        {
        }
    }
}
