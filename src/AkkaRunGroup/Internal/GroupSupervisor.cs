using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.Event;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The actor at the root of a run: it spawns one child per member, watches them, interrupts every
/// member when the first exits, and stops itself once every member has exited and every interrupt has returned (or
/// the interrupt timeout elapsed). Its <see cref="PostStop"/>, which Akka runs after all its children have stopped,
/// completes the run.
/// </summary>
internal sealed class GroupSupervisor : ActorBase
{
    private static readonly ConcurrentDictionary<string, Props> TemplateByDispatcher = new(StringComparer.Ordinal);

    private static readonly Func<string, Props> CreateTemplate = static dispatcher =>
    {
        var props = Props.CreateBy(new TemplateProducer()).WithMailbox(LeanMailbox.ConfigPath);
        return dispatcher.Length == 0 ? props : props.WithDispatcher(dispatcher);
    };

    private readonly GroupRun _run;
    private readonly Dictionary<IActorRef, Member> _byActor;
    private Dictionary<IActorRef, Exception>? _failures;
    private int _alive;
    private bool _interrupted;
    private Exception? _error;
    private string? _firstExited;
    private RunResult? _result;
    private ICancelable? _timeout;
    private Exception? _failure;
    private bool _replaced;
    private int _nextInOrder = -1;
    private int _step;
    private Member? _current;
    private ICancelable? _stepTimeout;
    private long _interruptedAt;
    private bool _handedOver;

    private GroupSupervisor(GroupRun run)
    {
        _run = run;
        _byActor = new Dictionary<IActorRef, Member>(run.Members.Length);
    }

    /// <summary>
    /// The Props of <paramref name="run"/>'s GroupSupervisor: a copy of the dispatcher's cached template that creates
    /// this run's actor. Setting the mailbox and dispatcher on a new Props would build a new Deploy, and Akka parses
    /// an empty HOCON document for every Deploy it creates.
    /// </summary>
    public static Props PropsFor(GroupRun run) =>
        new RunProps(TemplateByDispatcher.GetOrAdd(run.Settings.Dispatcher, CreateTemplate), run);

    /// <remarks>Failures are rare: their record is created with the first one.</remarks>
    protected override SupervisorStrategy SupervisorStrategy() =>
        new StopAndRecordStrategy((child, failure) => (_failures ??= new()).TryAdd(child, failure));

    protected override void PreStart()
    {
        _run.AttachSupervisor(Self);

        List<Member>? failedToStart = null;
        foreach (var member in _run.Members)
        {
            try
            {
                var child = member.Spawn(Context, _run);
                Context.Watch(child);
                _byActor.Add(child, member);
                _alive++;
            }
            catch (Exception e)
            {
                member.OnStartFailed(e);
                (failedToStart ??= []).Add(member);
            }
        }

        if (failedToStart is not null)
        {
            foreach (var member in failedToStart)
            {
                OnExited(member);
            }
        }

        if (_run.Members.Length == 0)
        {
            // A nested group with no members: nothing to interrupt, the run is over as soon as it began.
            _interrupted = true;
            TryFinish();
        }
    }

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case Terminated terminated:
                OnTerminated(terminated.ActorRef);
                return true;
            case InterruptGroup interrupt:
                if (!_interrupted)
                {
                    InterruptFor(_run.ClaimFirstExit(interrupt));
                }

                return true;
            case AllReturned:
                TryFinish();
                return true;
            case InterruptTimedOut:
                Abandon();
                return true;
            case MemberInterruptReturned:
                ContinueInOrderIfCurrentFinished();
                return true;
            case StepTimedOut timedOut:
                if (timedOut.Step == _step && _current is not null)
                {
                    _run.Log.Warning(
                        "Run group '{0}': member '{1}' did not exit within the interrupt timeout of {2}; interrupting the next member",
                        _run.Name,
                        _current.Name,
                        _run.Settings.InterruptTimeout);
                    InterruptNextInOrder();
                }

                return true;
            default:
                return false;
        }
    }

    /// <remarks>
    /// A GroupSupervisor is never restarted: a restart would start every member a second time. Should it fail, the
    /// failed instance's <see cref="PostStop"/> interrupts and completes the run, and the replacement stops at once.
    /// </remarks>
    protected override void PostRestart(Exception reason)
    {
        _replaced = true;
        Context.Stop(Self);
    }

    protected override void PreRestart(Exception reason, object message)
    {
        _failure = reason;
        base.PreRestart(reason, message);
    }

    protected override void PostStop()
    {
        if (_replaced)
        {
            return;
        }

        _timeout?.Cancel();
        _stepTimeout?.Cancel();
        _run.SupervisorStopped = true;
        if (_result is not null)
        {
            _run.Complete(_result);
            return;
        }

        if (_handedOver)
        {
            _run.CompleteOnLastReturn(_error, _firstExited, _interruptedAt);
            return;
        }

        // Stopped from outside before the run was over: most often the ActorSystem is terminating. The member
        // actors are gone, so interrupts go to the members directly; the run completes once they have returned.
        var error = _error;
        if (!_interrupted)
        {
            if (_run.ClaimFirstExit(new InterruptGroup(StoppedFromOutside())) is Member first)
            {
                // A member's exit, seen on its own thread, came first.
                PublishExit(first);
                error = first.Error;
                _firstExited = first.Name;
                _run.Publish(new GroupInterrupted(_run.Name, first.Name, error));
            }
            else
            {
                error = StoppedFromOutside();
                _run.Log.Info("Run group '{0}' interrupted: {1}", _run.Name, error.Message);
                _run.Publish(new GroupInterrupted(_run.Name, null, error));
            }
        }

        foreach (var member in _run.Members)
        {
            member.ActorStopped = true;
            if (member is ExecutingMember executing)
            {
                executing.EnsureStarted();
                // Idempotent: also covers an Interrupt message that a stopped member actor never processed.
                executing.RequestInterrupt(error);
                continue;
            }

            if (!_interrupted && !member.InterruptReturned)
            {
                member.Interrupt(error, Context, _run);
            }

            if (!member.Exited)
            {
                member.OnActorTerminated(null);
            }
        }

        // Counted from now: the members have only now been told to stop.
        _run.CompleteOnLastReturn(error, _firstExited, Stopwatch.GetTimestamp());
    }

    private Exception StoppedFromOutside()
    {
        if (_failure is not null)
        {
            return new InvalidOperationException($"The GroupSupervisor of run group '{_run.Name}' failed.", _failure);
        }

        var reason = CoordinatedShutdown.Get(Context.System).ShutdownReason;
        return new ActorSystemTerminatedException(reason is null
            ? $"The GroupSupervisor of run group '{_run.Name}' was stopped from outside the group while the group was running (ActorSystem '{Context.System.Name}')."
            : $"ActorSystem '{Context.System.Name}' terminated while run group '{_run.Name}' was running (shutdown reason: {reason}).");
    }

    private void OnTerminated(IActorRef actor)
    {
        if (!_byActor.TryGetValue(actor, out var member))
        {
            return;
        }

        _alive--;
        member.ActorStopped = true;
        (member as ExecutingMember)?.EnsureStarted();
        Exception? failure = null;
        _failures?.Remove(actor, out failure);
        member.OnActorTerminated(Errors.Unwrap(failure));
        if (_interrupted && member is ExecutingMember executing && TurnHasCome(member))
        {
            // The actor may have stopped with the Interrupt message still in its mailbox: deliver it here (idempotent).
            // In reverse order, a member whose turn has not come yet exited on its own: its interrupt waits for its turn.
            executing.RequestInterrupt(_error);
        }

        OnExited(member);
    }

    /// <summary>Whether the member has been sent its interrupt: always once interrupted, except in reverse order.</summary>
    private bool TurnHasCome(Member member) => _run.Order != InterruptOrder.Reverse || member.Index > _nextInOrder;

    private void OnExited(Member member)
    {
        if (!_interrupted)
        {
            InterruptFor(_run.ClaimFirstExit(member));
            PublishExit(member);
        }
        else
        {
            PublishExit(member);
            ContinueInOrderIfCurrentFinished();
        }

        TryFinish();
    }

    /// <summary>Interrupts the group for the run's first exit: a member's (whose exit is published first) or an outside interrupt.</summary>
    private void InterruptFor(object firstExit)
    {
        if (firstExit is Member member)
        {
            PublishExit(member);
            InterruptAll(member.Error, member.Name);
        }
        else
        {
            InterruptAll(((InterruptGroup)firstExit).Error, firstExited: null);
        }
    }

    private void InterruptAll(Exception? error, string? firstExited)
    {
        _interrupted = true;
        _interruptedAt = Stopwatch.GetTimestamp();
        _error = error;
        _firstExited = firstExited;
        // The message's arguments are built eagerly: skip them when nobody reads Info.
        if (_run.IsEnabled(LogLevel.InfoLevel))
        {
            if (firstExited is null)
            {
                _run.Log.Info("Run group '{0}' interrupted from outside {1}; interrupting {2} members", _run.Name, Describe(error), _run.Members.Length);
            }
            else
            {
                _run.Log.Info("Run group '{0}': member '{1}' exited first {2}; interrupting {3} members", _run.Name, firstExited, Describe(error), _run.Members.Length);
            }
        }

        _run.Publish(new GroupInterrupted(_run.Name, firstExited, error));
        if (_run.Order == InterruptOrder.Reverse)
        {
            _nextInOrder = _run.Members.Length - 1;
            InterruptNextInOrder();
            return;
        }

        foreach (var member in _run.Members)
        {
            // A member that could not be started has nothing to interrupt.
            if (!member.InterruptReturned)
            {
                member.Interrupt(error, Context, _run);
            }
        }

        if (_run.Settings.InterruptTimeout != Timeout.InfiniteTimeSpan)
        {
            _timeout = Context.System.Scheduler.ScheduleTellOnceCancelable(
                _run.Settings.InterruptTimeout, Self, InterruptTimedOut.Instance, Self);
        }
    }

    /// <summary>Interrupts the next member in reverse Add order; once none is left, finishes the run.</summary>
    private void InterruptNextInOrder()
    {
        _stepTimeout?.Cancel();
        _current = null;
        while (_nextInOrder >= 0)
        {
            var member = _run.Members[_nextInOrder--];
            if (member.InterruptReturned)
            {
                // It could not be started: there is nothing to interrupt.
                continue;
            }

            member.Interrupt(_error, Context, _run);
            if (member.Finished)
            {
                continue;
            }

            _current = member;
            _step++;
            if (_run.Settings.InterruptTimeout != Timeout.InfiniteTimeSpan)
            {
                _stepTimeout = Context.System.Scheduler.ScheduleTellOnceCancelable(
                    _run.Settings.InterruptTimeout, Self, new StepTimedOut(_step), Self);
            }

            return;
        }

        // Every member had its turn. Those that timed out at their turn and are still running are abandoned now.
        if (_run.Members.All(m => m.Finished))
        {
            TryFinish();
        }
        else
        {
            Abandon();
        }
    }

    private void ContinueInOrderIfCurrentFinished()
    {
        if (_current is { Finished: true })
        {
            InterruptNextInOrder();
        }
    }

    private void PublishExit(Member member)
    {
        if (member.ExitPublished)
        {
            return;
        }

        member.ExitPublished = true;
        _run.Publish(new MemberExited(_run.Name, member.Name, member.Error, member.Elapsed));
        if (_run.IsEnabled(LogLevel.DebugLevel))
        {
            _run.Log.Debug("Run group '{0}': member '{1}' exited {2}", _run.Name, member.Name, Describe(member.Error));
        }
    }

    private void TryFinish()
    {
        var orderPending = _nextInOrder >= 0 || _current is not null;
        if (!_interrupted || orderPending || _alive != 0 || _result is not null || _handedOver)
        {
            return;
        }

        if (_run.AllReturnedNow)
        {
            _result = _run.BuildResult(_error, _firstExited);
            Context.Stop(Self);
        }
        else if (!_run.IsNested)
        {
            // Every member actor has stopped; only executes or interrupts running off the actors are left, and this
            // actor has nothing more to do. It stops now, and the last return completes the run: the run ends one
            // message to this actor sooner. (A nested run keeps its GroupSupervisor until the end: the parent takes
            // that actor's termination for the nested group's exit.)
            _handedOver = true;
            _run.SupervisorStopped = true;
            Context.Stop(Self);
        }
    }

    private void Abandon()
    {
        if (_result is not null || _handedOver)
        {
            return;
        }

        // A member can have finished with its actor's Terminated still on the way (the reverse order moves on once
        // the member has exited and its interrupt returned): its exit is published now, since the run stops here.
        foreach (var member in _byActor.Values)
        {
            if (member.Finished && !member.ActorStopped)
            {
                PublishExit(member);
            }
        }

        _run.AbandonUnfinished(_error, requestInterrupts: true);
        _result = _run.BuildResult(_error, _firstExited);
        Context.Stop(Self);
    }

    private static string Describe(Exception? error) =>
        error is null ? "cleanly" : $"with {error.GetType().Name}: {error.Message}";

    /// <summary>Props that create the GroupSupervisor of one run, without reflection or expression compilation.</summary>
    private sealed class RunProps(Props template, GroupRun run) : Props(template)
    {
        // Akka calls NewActor inside ActorOf, as it calls a producer's Produce: this is how Props create actors.
#pragma warning disable AK1000
        public override ActorBase NewActor() => new GroupSupervisor(run);
#pragma warning restore AK1000

        /// <remarks>Akka copies Props to change them (a deployment's mailbox or dispatcher): the copy keeps the run.</remarks>
        protected override Props Copy() => new RunProps(this, run);
    }

    /// <summary>The producer of the templates; every GroupSupervisor is created by <see cref="RunProps"/> instead.</summary>
    private sealed class TemplateProducer : IIndirectActorProducer
    {
        public Type ActorType => typeof(GroupSupervisor);

        public ActorBase Produce() =>
            throw new InvalidOperationException("A GroupSupervisor is created by the Props of its run, never by the template.");

        public void Release(ActorBase actor)
        {
        }
    }
}
