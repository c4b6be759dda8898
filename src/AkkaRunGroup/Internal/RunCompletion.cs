using System.Diagnostics;
namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The end of one run, as the threads outside its GroupSupervisor see it: the task <c>RunAsync</c>
/// returns, and what must be let go when it completes.
/// </summary>
/// <remarks>
/// Who writes: the GroupSupervisor sets <see cref="DecidedError"/> before it stops and calls <see cref="Complete"/>
/// once, from its PostStop (or, when it stopped before its run was complete, the run's <see cref="OrphanedRun"/>
/// does, after it; or, when the ActorSystem terminated before the GroupSupervisor could start at all,
/// <see cref="CompleteIfNeverStarted"/> does). <c>RunAsync</c>'s thread attaches the token registration and the CoordinatedShutdown registry,
/// which the completion then releases. Who reads: the caller (<see cref="Task"/>), a parent group (the error and the
/// result of its nested run, after the nested GroupSupervisor's Terminated) and CoordinatedShutdown.
/// </remarks>
internal sealed class RunCompletion
{
    private readonly TaskCompletionSource<RunResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _completed;
    private ShutdownRegistry? _registry;
    private CancellationTokenRegistration _cancellation;
    private Exception? _decidedError;
    private volatile bool _supervisorStarted;
    private RunGroupState? _state;
    private RunPlan? _supervisorPlan;
    private TaskCompletionSource? _pastDrain;

    public RunCompletion(RunPlan plan) => _supervisorPlan = plan;

    public Task<RunResult> Task => _result.Task;

    private RunResult? _resultSoFar;

    /// <summary>The run's result, set as the completion begins (before the members' threads are joined); null until then.</summary>
    public RunResult? Result => Volatile.Read(ref _resultSoFar);

    /// <summary>
    /// The plan the run's GroupSupervisor is created from (by its Props, again should Akka restart it) until the run
    /// completes; null after.
    /// </summary>
    /// <remarks>
    /// Akka keeps a top-level actor's Props in its reference, and an actor keeps the sender of the last message it
    /// read: a logger or an EventStream subscriber that last heard from a GroupSupervisor holds that reference until
    /// it reads something else. The Props reach the run only through here, so that once the run has completed such a
    /// reference holds nothing of its members.
    /// </remarks>
    public RunPlan? SupervisorPlan => Volatile.Read(ref _supervisorPlan);

    /// <summary>The run's error as its GroupSupervisor decided it, written before the GroupSupervisor stops.</summary>
    public Exception? DecidedError
    {
        get => Volatile.Read(ref _decidedError);
        set => Volatile.Write(ref _decidedError, value);
    }

    /// <summary>
    /// The run's state, replaced by the GroupSupervisor at each new phase and by the completion at the end; null while
    /// the run is starting (see <see cref="StartingState"/>).
    /// </summary>
    public RunGroupState? State => Volatile.Read(ref _state);

    /// <summary>
    /// Replaces <see cref="State"/>: called on the GroupSupervisor's thread, or by the completion once it has stopped.
    /// A state past the drain (Interrupting, Completed) completes <see cref="PastDrain"/>.
    /// </summary>
    public void ChangeState(RunGroupState state)
    {
        Volatile.Write(ref _state, state);
        if (state.Phase >= RunGroupPhase.Interrupting)
        {
            Volatile.Read(ref _pastDrain)?.TrySetResult();
        }
    }

    /// <summary>
    /// A task that completes once the run is past its drain: its members are being interrupted, or it has completed.
    /// Created on the first call, since few runs are asked (a host's stop asks its hosted groups).
    /// </summary>
    /// <remarks>The writer of the state completes the task after writing a state past the drain; the first caller
    /// creates it and then reads the state: whichever comes second completes it.</remarks>
    public Task PastDrain()
    {
        var pastDrain = Volatile.Read(ref _pastDrain);
        if (pastDrain is null)
        {
            var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            pastDrain = Interlocked.CompareExchange(ref _pastDrain, created, null) ?? created;
        }

        if (State?.Phase >= RunGroupPhase.Interrupting)
        {
            pastDrain.TrySetResult();
        }

        return pastDrain.Task;
    }

    /// <summary>The state of a run that has not left <see cref="RunGroupPhase.Starting"/>, built by the reader: the run begins with no allocation for it.</summary>
    public RunGroupState StartingState(RunPlan plan) =>
        new(plan.Name, RunGroupPhase.Starting, plan.StartedAtUtc, false, null, null, null);

    /// <summary>Called by the GroupSupervisor as it starts: from now on it, and only it, completes the run.</summary>
    public void SupervisorStarted() => _supervisorStarted = true;

    /// <summary>
    /// For a run started while its ActorSystem was shutting down: a system that finishes terminating before the
    /// GroupSupervisor could start never runs that actor (neither its PreStart nor its PostStop), and nothing else
    /// would complete the run. If the system has terminated and the GroupSupervisor never started, the run completes
    /// here: no member started, and the error is an <see cref="ActorSystemTerminatedException"/>.
    /// </summary>
    public void CompleteIfNeverStarted(RunPlan plan)
    {
        plan.System.WhenTerminated.ContinueWith(
            static (_, state) =>
            {
                var (self, plan) = ((RunCompletion, RunPlan))state!;
                if (self._supervisorStarted)
                {
                    return;
                }

                var error = new ActorSystemTerminatedException(
                    $"ActorSystem '{plan.System.Name}' terminated before run group '{plan.Name}' could start.");
                var outcomes = Array.ConvertAll(plan.Members, static m => m.ToOutcome(null, false, null, false, 0));
                // It never started, nor decided a stop: it counts as started and completed, with no shutdown.
                plan.Telemetry.RunStarted(plan);
                self.Complete(plan, new RunResult(plan.Name, error, null, outcomes, TimeSpan.Zero), stoppedAt: 0, shutdown: null);
            },
            (this, plan),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Completes the run: joins the threads of the members that own some, then releases what the run held,
    /// publishes <see cref="GroupCompleted"/>, logs, records the run's end and its shutdown's (<paramref name="stoppedAt"/>,
    /// the timestamp of the stop decision, 0 if none; <paramref name="shutdown"/>, its activity), and completes
    /// <see cref="Task"/>. Never blocks the caller.</summary>
    public void Complete(RunPlan plan, RunResult result, long stoppedAt, Activity? shutdown)
    {
        Volatile.Write(ref _resultSoFar, result);
        if (Array.Exists(plan.Members, static m => m.OwnsThreads))
        {
            ThreadPool.UnsafeQueueUserWorkItem(
                static s => s.Self.JoinThreadsThenRelease(s.Plan, s.Result, s.StoppedAt, s.Shutdown),
                (Self: this, Plan: plan, Result: result, StoppedAt: stoppedAt, Shutdown: shutdown),
                preferLocal: false);
        }
        else
        {
            Release(plan, result, stoppedAt, shutdown);
        }
    }

    /// <summary>Ties the run to its system's CoordinatedShutdown registry, which it leaves when it completes.</summary>
    /// <returns>False when the run has completed already: the caller must not keep it registered.</returns>
    public bool JoinRegistry(ShutdownRegistry registry)
    {
        lock (_result)
        {
            _registry = registry;
            return !_completed;
        }
    }

    /// <summary>Keeps the registration of RunAsync's token until the run completes; disposes it at once if it has.</summary>
    public void HoldCancellation(CancellationTokenRegistration registration)
    {
        lock (_result)
        {
            if (!_completed)
            {
                _cancellation = registration;
                return;
            }
        }

        registration.Dispose();
    }

    private void JoinThreadsThenRelease(RunPlan plan, RunResult result, long stoppedAt, Activity? shutdown)
    {
        for (var i = 0; i < plan.Members.Length; i++)
        {
            if (!result.Members[i].Abandoned)
            {
                plan.Members[i].JoinThreads();
            }
        }

        Release(plan, result, stoppedAt, shutdown);
    }

    private void Release(RunPlan plan, RunResult result, long stoppedAt, Activity? shutdown)
    {
        ShutdownRegistry? registry;
        CancellationTokenRegistration cancellation;
        lock (_result)
        {
            _completed = true;
            registry = _registry;
            cancellation = _cancellation;
        }

        cancellation.Dispose();
        // The line first: whoever sees the run Completed finds it written.
        LogLines.Completed(plan, result);
        ChangeState(new RunGroupState(plan.Name, RunGroupPhase.Completed, DateTimeOffset.UtcNow, true, result.FirstExited, result.Error, result));
        // Before the completion: whoever awaits the run finds it gone from the registry.
        registry?.Leave(plan, result);
        plan.Publish(new GroupCompleted(plan.Name, result));

        // Before the completion: whoever awaits the run finds it recorded.
        plan.Telemetry.RunCompleted(plan, result, stoppedAt, shutdown);
        Volatile.Write(ref _supervisorPlan, null);
        _result.TrySetResult(result);
    }
}
