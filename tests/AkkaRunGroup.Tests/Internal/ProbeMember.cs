using System.Diagnostics;
using AkkaRunGroup.Internal;

namespace AkkaRunGroup.Tests.Internal;

/// <summary>
/// A <see cref="Member"/> the test drives: its actor does nothing until the test stops it (or makes it fail), its
/// interrupt returns at once or waits for the test's <see cref="InterruptReturned"/>, and every call the
/// GroupSupervisor makes is reported, in order, to <c>reports</c>.
/// </summary>
internal sealed class ProbeMember(string name, int index, IActorRef reports) : Member(name, index)
{
    private readonly object _finish = new();
    private ManualResetEventSlim? _finishWatcher;
    private bool _finished = true;
    private long? _startedAt;
    private bool _interrupted;

    /// <summary>The actor <see cref="Start"/> created; set on the GroupSupervisor's thread before <see cref="WasStarted"/> is reported.</summary>
    public IActorRef Actor { get; private set; } = ActorRefs.Nobody;

    /// <summary>What <see cref="Start"/> throws, if anything.</summary>
    public Exception? StartError { get; set; }

    /// <summary>The error of the exit read when the actor stopped without failing; set before the test stops it.</summary>
    public Exception? ExitError { get; set; }

    /// <summary>Whether <see cref="Interrupt"/> returns true; otherwise the test sends <see cref="InterruptReturned"/>.</summary>
    public bool InterruptReturnsAtOnce { get; set; } = true;

    /// <summary>Whether the exit says the execute still runs; the test then sends <see cref="ExecuteReturned"/>.</summary>
    public bool ExecuteStillRunning { get; set; }

    /// <summary>Every error the member was interrupted with, on the GroupSupervisor's thread; read once the run has completed.</summary>
    public List<Exception?> Interrupts { get; } = [];

    public override long? StartedAt => _startedAt;

    public override IActorRef Start(IActorContext supervisor, RunPlan plan, string actorName)
    {
        if (StartError is not null)
        {
            throw StartError;
        }

        Actor = supervisor.ActorOf(Props.Create(() => new ControlledActor()), actorName);
        _startedAt = Stopwatch.GetTimestamp();
        reports.Tell(new WasStarted(Name, Actor));
        return Actor;
    }

    public override MemberExit OnActorTerminated(Exception? failure, bool interruptRequested, Exception? error)
    {
        reports.Tell(new SawExit(Name, failure));
        return new MemberExit(failure ?? ExitError, _interrupted, Stopwatch.GetTimestamp(), ExecuteStillRunning);
    }

    public override bool Interrupt(Exception? error, IActorContext supervisor, bool actorStopped, out Exception? thrown)
    {
        thrown = null;
        _interrupted = !actorStopped;
        Interrupts.Add(error);
        reports.Tell(new WasInterrupted(Name, error, actorStopped, supervisor.Self));
        return InterruptReturnsAtOnce;
    }

    public override void Orphan(Exception? error, bool interrupt, bool interruptRequested) => reports.Tell(new WasOrphaned(Name, error, interrupt));

    public override (MemberExit? Exit, Exception? InterruptError) EndAfterOrphaned()
    {
        reports.Tell(new EndedAfterOrphaned(Name, Thread.CurrentThread.Name));
        return (new MemberExit(null, _interrupted, Stopwatch.GetTimestamp()), null);
    }

    public override bool WatchFinish(ManualResetEventSlim watcher)
    {
        bool finished;
        lock (_finish)
        {
            finished = _finished;
            _finishWatcher = finished ? null : watcher;
        }

        reports.Tell(new WatchedFinish(Name, finished));
        return finished;
    }

    /// <summary>From now on the member has not finished, for an orphaned run, until <see cref="Finish"/>.</summary>
    public void HoldFinish()
    {
        lock (_finish)
        {
            _finished = false;
        }
    }

    /// <summary>The member has finished: an orphaned run waiting for it is told so.</summary>
    public void Finish()
    {
        lock (_finish)
        {
            _finished = true;
            _finishWatcher?.Set();
        }
    }

    /// <summary>An actor that waits to be stopped; an exception sent to it is thrown, failing it.</summary>
    private sealed class ControlledActor : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (message is Exception failure)
            {
                throw failure;
            }

            Unhandled(message);
        }
    }
}
