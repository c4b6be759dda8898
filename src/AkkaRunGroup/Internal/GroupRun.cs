using System.Diagnostics;
using Akka.Actor;
using Akka.Event;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. One run of a group: its members, settings and the completion <c>RunAsync</c> returns. Shared by
/// the GroupSupervisor and the threads that run members' executes and interrupts.
/// </summary>
internal sealed class GroupRun
{
    private readonly TaskCompletionSource<RunResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static long _sameNameCounter;
    private ILoggingAdapter? _log;
    private int _pending;
    private volatile bool _supervisorStopped;
    private RunResult? _result;
    private IActorRef _supervisor = ActorRefs.Nobody;
    private ShutdownRegistry? _registry;
    private CancellationTokenRegistration _cancellation;
    private bool _finished;
    private object? _firstExit;
    private int _handedOver;
    private int _handoverDone;
    private Exception? _handoverError;
    private string? _handoverFirstExited;
    private Timer? _deadline;

    public GroupRun(string name, Member[] members, RunGroupSettings settings, ActorSystem system, InterruptOrder? order = null, bool nested = false)
    {
        Name = name;
        IsNested = nested;
        Order = order ?? settings.InterruptOrder;
        Members = members;
        Settings = settings;
        System = system;
        StartedAt = Stopwatch.GetTimestamp();
        foreach (var member in members)
        {
            _pending += member.PendingReturns;
        }
    }

    public string Name { get; }

    /// <summary>Whether the run is a nested group's, whose GroupSupervisor is a member of its parent's.</summary>
    public bool IsNested { get; }

    public Member[] Members { get; }

    public RunGroupSettings Settings { get; }

    public ActorSystem System { get; }

    /// <summary>The run's logger, source <c>run-group/NAME</c>; created on first use, since most runs log nothing.</summary>
    public ILoggingAdapter Log => _log ??= Logging.GetLogger(System, $"run-group/{Name}");

    /// <summary>Whether <paramref name="level"/> is logged, asked without creating the logger.</summary>
    public bool IsEnabled(LogLevel level) => System.EventStream.LogLevel <= level;

    public InterruptOrder Order { get; }

    /// <summary>The run's result, once the GroupSupervisor has built it (before it stops).</summary>
    public RunResult? Result => Volatile.Read(ref _result);

    /// <summary>
    /// Tells the GroupSupervisor that a member's interrupt returned, when the order of interrupts depends on it.
    /// </summary>
    public void NotifyInterruptReturned()
    {
        if (Order == InterruptOrder.Reverse && !SupervisorStopped)
        {
            _supervisor.Tell(MemberInterruptReturned.Instance);
        }
    }

    public long StartedAt { get; }

    public Task<RunResult> Completion => _completion.Task;

    /// <summary>
    /// Set once the GroupSupervisor has stopped, or is stopping early with the run handed over to the last return:
    /// from then on, nobody sends it or its children anything.
    /// </summary>
    public bool SupervisorStopped
    {
        get => _supervisorStopped;
        set => _supervisorStopped = value;
    }

    /// <summary>
    /// Called by the GroupSupervisor before it spawns any member: the last return can then tell it that every
    /// execute and interrupt has returned, directly, without a continuation's hop through the thread pool.
    /// </summary>
    public void AttachSupervisor(IActorRef supervisor) => _supervisor = supervisor;

    /// <summary>Starts the run's GroupSupervisor as a top-level actor named after the group.</summary>
    public IActorRef StartSupervisor()
    {
        var props = GroupSupervisor.PropsFor(this);
        var baseName = ActorNames.ForGroup(Name);
        var name = baseName;
        // The previous run of a group of this name may have completed before the user guardian released the name:
        // look before trying, since a refused name costs an exception.
        if (System is ExtendedActorSystem { Provider.Guardian.Cell: { } guardian } && guardian.TryGetChildStatsByName(name, out _))
        {
            name = $"{baseName}-{Interlocked.Increment(ref _sameNameCounter)}";
        }

        while (true)
        {
            try
            {
                return System.ActorOf(props, name);
            }
            catch (InvalidActorNameException)
            {
                // Another group of the same name runs in this system: take a numbered name.
                name = $"{baseName}-{Interlocked.Increment(ref _sameNameCounter)}";
            }
        }
    }

    public void Publish(RunGroupEvent e) => System.EventStream.Publish(e);

    /// <summary>Counts one returned execute or interrupt.</summary>
    public void Returned()
    {
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            if (!SupervisorStopped && (IsNested || Order == InterruptOrder.Reverse))
            {
                // Only these GroupSupervisors can be waiting for it with every member actor stopped; the others look
                // at AllReturnedNow when a member actor stops, and hand the run over when one is still running.
                _supervisor.Tell(Internal.AllReturned.Instance);
            }
            else if (Volatile.Read(ref _handedOver) == 1)
            {
                CompleteHandedOver(abandon: false);
            }
        }
    }

    /// <summary>
    /// Decides the run's first exit, once: the first claim wins. A claim is a member whose exit was seen (by the
    /// GroupSupervisor, or on the member's own actor thread) or the <see cref="InterruptGroup"/> of an outside
    /// interrupt.
    /// </summary>
    /// <returns>The winning claim: <paramref name="claim"/>, or the one that came first.</returns>
    public object ClaimFirstExit(object claim) => Interlocked.CompareExchange(ref _firstExit, claim, null) ?? claim;

    /// <summary>Whether every execute and interrupt has returned by now.</summary>
    public bool AllReturnedNow => Volatile.Read(ref _pending) == 0;

    /// <summary>
    /// Called by the GroupSupervisor as it stops before the run is complete: early, once every member actor has
    /// stopped, or from outside (most often the ActorSystem terminating). The last execute or interrupt to return
    /// completes the run; with an interrupt timeout, the members still running when it elapses (counted from
    /// <paramref name="interruptedAt"/>) are abandoned and named in a warning.
    /// </summary>
    public void CompleteOnLastReturn(Exception? error, string? firstExited, long interruptedAt)
    {
        _handoverError = error;
        _handoverFirstExited = firstExited;
        // A full fence: the last return either sees the hand-over, or has returned before the check below.
        Interlocked.Exchange(ref _handedOver, 1);
        if (Volatile.Read(ref _pending) == 0)
        {
            CompleteHandedOver(abandon: false);
            return;
        }

        if (Settings.InterruptTimeout != Timeout.InfiniteTimeSpan)
        {
            var left = Settings.InterruptTimeout - Stopwatch.GetElapsedTime(interruptedAt);
            // A .NET timer rather than Akka's scheduler: the run has no actor left, and its end should not depend on
            // the ActorSystem, which may be terminating.
            Volatile.Write(ref _deadline, new Timer(
                static run => ((GroupRun)run!).CompleteHandedOver(abandon: true),
                this,
                left > TimeSpan.Zero ? left : TimeSpan.Zero,
                Timeout.InfiniteTimeSpan));
            if (Volatile.Read(ref _handoverDone) == 1)
            {
                // The last return came first: the timer is not needed.
                _deadline?.Dispose();
            }
        }
    }

    /// <summary>Marks the members still running as abandoned and warns about them.</summary>
    public void AbandonUnfinished(Exception? error, bool requestInterrupts)
    {
        var abandoned = new List<string>();
        foreach (var member in Members)
        {
            if (!member.Finished)
            {
                member.Abandoned = true;
                abandoned.Add(member.Name);
                if (requestInterrupts)
                {
                    // Its actor is about to stop: make sure an Interrupt message still in its mailbox is not lost.
                    (member as ExecutingMember)?.RequestInterrupt(error);
                }
            }
        }

        Log.Warning(
            "Run group '{0}': interrupt timeout of {1} elapsed; completing without {2} members still running: {3}",
            Name,
            Settings.InterruptTimeout,
            abandoned.Count,
            string.Join(", ", abandoned.Select(n => $"'{n}'")));
    }

    private void CompleteHandedOver(bool abandon)
    {
        if (Interlocked.Exchange(ref _handoverDone, 1) != 0)
        {
            return;
        }

        Volatile.Read(ref _deadline)?.Dispose();
        if (abandon)
        {
            AbandonUnfinished(_handoverError, requestInterrupts: false);
        }

        Complete(BuildResult(_handoverError, _handoverFirstExited));
    }

    public RunResult BuildResult(Exception? error, string? firstExited)
    {
        var now = Stopwatch.GetTimestamp();
        var outcomes = new MemberOutcome[Members.Length];
        for (var i = 0; i < outcomes.Length; i++)
        {
            outcomes[i] = Members[i].ToOutcome(now);
        }

        var result = new RunResult(Name, error, firstExited, outcomes, Stopwatch.GetElapsedTime(StartedAt, now));
        Volatile.Write(ref _result, result);
        return result;
    }

    /// <summary>
    /// Completes the run: once the threads of the members that finished are gone, publishes
    /// <see cref="GroupCompleted"/> and completes <see cref="Completion"/>. Never blocks the caller.
    /// </summary>
    public void Complete(RunResult result)
    {
        if (Array.Exists(Members, static m => m is SyncMember))
        {
            ThreadPool.UnsafeQueueUserWorkItem(static s => s.run.JoinThreadsThenComplete(s.result), (run: this, result), preferLocal: false);
        }
        else
        {
            Finish(result);
        }
    }

    private void JoinThreadsThenComplete(RunResult result)
    {
        foreach (var member in Members)
        {
            if (!member.Abandoned)
            {
                member.JoinThreads();
            }
        }

        Finish(result);
    }

    /// <summary>Ties the run to its system's CoordinatedShutdown registry, which it leaves when it completes.</summary>
    /// <returns>False when the run has completed already: the caller must not keep it registered.</returns>
    public bool JoinRegistry(ShutdownRegistry registry)
    {
        lock (_completion)
        {
            _registry = registry;
            return !_finished;
        }
    }

    /// <summary>Keeps the registration of RunAsync's token until the run completes; disposes it at once if it has.</summary>
    public void HoldCancellation(CancellationTokenRegistration registration)
    {
        lock (_completion)
        {
            if (!_finished)
            {
                _cancellation = registration;
                return;
            }
        }

        registration.Dispose();
    }

    private void Finish(RunResult result)
    {
        ShutdownRegistry? registry;
        CancellationTokenRegistration cancellation;
        lock (_completion)
        {
            _finished = true;
            registry = _registry;
            cancellation = _cancellation;
        }

        cancellation.Dispose();
        // Before the completion: whoever awaits the run finds it gone from the registry.
        registry?.Leave(this, result);
        Publish(new GroupCompleted(Name, result));
        if (IsEnabled(LogLevel.InfoLevel))
        {
            Log.Info("Run group '{0}' completed in {1:0.###} ms: {2}", Name, result.Elapsed.TotalMilliseconds, result);
        }

        _completion.TrySetResult(result);
    }
}
