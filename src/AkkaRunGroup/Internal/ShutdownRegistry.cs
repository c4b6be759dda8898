using System.Collections.Concurrent;
using Akka;
using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. Ties the top-level runs of an ActorSystem to its CoordinatedShutdown: in the configured phase every
/// running group is interrupted and awaited; with <c>run-on-exit = on</c>, a completed run starts CoordinatedShutdown.
/// </summary>
/// <remarks>
/// CoordinatedShutdown cannot remove a task, so a task per run would pile up for the life of the system. Instead
/// there is one task per system and phase, added by the first run that needs it; runs join and leave the registry.
/// </remarks>
internal sealed class ShutdownRegistry
{
    private readonly ActorSystem _system;
    private readonly ConcurrentDictionary<RunPlan, IActorRef> _runs = new();
    private readonly ConcurrentDictionary<string, bool> _phasesWithTask = new(StringComparer.Ordinal);

    /// <summary>Made by the system's <see cref="RunGroupExtension"/> only.</summary>
    internal ShutdownRegistry(ActorSystem system) => _system = system;

    /// <summary>The number of runs registered now: the runs of this system that have not completed.</summary>
    public int Count => _runs.Count;

    /// <summary>The registry of <paramref name="system"/>: its <see cref="RunGroupExtension"/>'s.</summary>
    public static ShutdownRegistry Of(ActorSystem system) => RunGroupExtension.Get(system).Shutdown;

    /// <summary>Registers a run whose GroupSupervisor has just started; it leaves the registry when it completes.</summary>
    public static void Register(RunPlan run, IActorRef supervisor) => Of(run.System).Add(run, supervisor);

    private void Add(RunPlan run, IActorRef supervisor)
    {
        var shutdown = CoordinatedShutdown.Get(_system);
        _runs[run] = supervisor;
        if (!run.Completion.JoinRegistry(this))
        {
            // It completed before it could join: it leaves at once (and runs CoordinatedShutdown if configured to).
            Leave(run, run.Completion.Result!);
            return;
        }

        var phase = run.Settings.CoordinatedShutdownPhase;
        if (shutdown.ShutdownReason is null && _phasesWithTask.TryAdd(phase, true))
        {
            shutdown.AddTask(phase, "run-groups", () => RunPhase(phase));
        }

        // The shutdown began before the run was registered (or while it was): its phase may be over already.
        if (shutdown.ShutdownReason is { } reason)
        {
            Interrupt(run, supervisor, reason);
        }
    }

    private Task<Done> RunPhase(string phase)
    {
        var reason = CoordinatedShutdown.Get(_system).ShutdownReason ?? CoordinatedShutdown.UnknownReason.Instance;
        var completions = new List<Task>();
        foreach (var (run, supervisor) in _runs)
        {
            if (run.Settings.CoordinatedShutdownPhase == phase)
            {
                Interrupt(run, supervisor, reason);
                completions.Add(run.Completion.Task);
            }
        }

        // CoordinatedShutdown bounds the wait by the phase's timeout and then goes on to the next phase.
        return Task.WhenAll(completions).ContinueWith(
            static _ => Done.Instance,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <remarks>A run that completed meanwhile has no GroupSupervisor any more: the message is dropped, unlogged.</remarks>
    private static void Interrupt(RunPlan run, IActorRef supervisor, CoordinatedShutdown.Reason reason) =>
        // ActorSystem.Terminate() asks for the system to go away now: no drain then.
        supervisor.Tell(new InterruptGroup(ErrorFor(run, reason), Drains: reason is not CoordinatedShutdown.ActorSystemTerminateReason));

    private static Exception ErrorFor(RunPlan run, CoordinatedShutdown.Reason reason) =>
        reason is CoordinatedShutdown.ActorSystemTerminateReason
            // ActorSystem.Terminate() runs CoordinatedShutdown: keep the error a terminating system has always given.
            ? new ActorSystemTerminatedException(
                $"ActorSystem '{run.System.Name}' terminated while run group '{run.Name}' was running (shutdown reason: {reason}).")
            : new CoordinatedShutdownException(
                reason,
                $"CoordinatedShutdown of ActorSystem '{run.System.Name}' ran while run group '{run.Name}' was running (reason: {reason.GetType().Name}).");

    /// <summary>
    /// Called by a run as it completes, before its completion is set: it leaves the registry, and with
    /// <c>run-on-exit = on</c> starts CoordinatedShutdown (from the thread pool, never from the completing thread).
    /// </summary>
    public void Leave(RunPlan run, RunResult result)
    {
        _runs.TryRemove(run, out _);
        if (run.Settings.RunCoordinatedShutdownOnExit && !run.System.WhenTerminated.IsCompleted)
        {
            LogLines.RunningCoordinatedShutdown(run);
            ThreadPool.QueueUserWorkItem(
                static s => _ = CoordinatedShutdown.Get(s.System).Run(new RunGroupCompletedReason(s.Result)),
                (run.System, Result: result),
                preferLocal: false);
        }
    }
}
