using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The <see cref="ExecutionActor"/> of a member with a restart policy: it also owns the member's
/// restarts. When an incarnation ends (<see cref="IncarnationEnded"/>), the policy decides whether to restart
/// (<see cref="RestartHistory.TryRestart"/>; never once the group is interrupted); a restart waits out its backoff on
/// a keyed timer, then starts the next incarnation. The group's interrupt during a backoff is the member's exit, with
/// the error of the incarnation before it.
/// </summary>
/// <remarks>Only these actors hold a timer scheduler: a member without a restart policy never waits for anything.</remarks>
internal sealed class RestartingExecutionActor : ExecutionActor, IWithTimers
{
    private const string BackoffTimer = "backoff";

    private static readonly IIndirectActorProducer Producer = new ActorProducer<RestartingExecutionActor>(static () => new RestartingExecutionActor());

    private bool _inBackoff;
    private Exception? _lastError;

    /// <summary>Set by Akka when the actor is created; its one timer is the restart backoff, which stops with the actor.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string dispatcher) => PropsCache.For<RestartingExecutionActor>(dispatcher, Producer);

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case IncarnationEnded:
                DecideOnEndedIncarnation(Member!);
                return true;
            case RestartNow:
                _inBackoff = false;
                if (Member!.Gate.InterruptRequested)
                {
                    Member.Exit(_lastError);
                }
                else
                {
                    Member.StartNextIncarnation();
                }

                return true;
            default:
                return base.Receive(message);
        }
    }

    /// <summary>The group was interrupted: a member waiting out a backoff exits with its last error.</summary>
    protected override void OnInterrupted()
    {
        if (_inBackoff)
        {
            Timers.Cancel(BackoffTimer);
            _inBackoff = false;
            Member!.Exit(_lastError);
        }
    }

    protected override void PostStop() => Member?.OnActorStopping((_inBackoff, _lastError));

    /// <summary>An incarnation ended: the policy decides between a restart, after its backoff, and the exit.</summary>
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
}
