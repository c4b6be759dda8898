using Akka;
using Akka.Actor;
using Akka.Event;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. Ties a run to its ActorSystem's CoordinatedShutdown: in the configured phase the group is
/// interrupted and awaited; with <c>run-on-exit = on</c>, a completed run starts CoordinatedShutdown.
/// </summary>
/// <remarks>
/// CoordinatedShutdown cannot remove a task, so the task outlives a run that completes first. It then only holds
/// this small object, whose references to the run are dropped on completion, and returns at once.
/// </remarks>
internal sealed class ShutdownTask
{
    private GroupRun? _run;
    private IActorRef? _supervisor;

    private ShutdownTask(GroupRun run, IActorRef supervisor)
    {
        _run = run;
        _supervisor = supervisor;
    }

    /// <summary>Registers the task for a run whose GroupSupervisor has just started.</summary>
    public static void Register(GroupRun run, IActorRef supervisor)
    {
        var shutdown = CoordinatedShutdown.Get(run.System);
        var task = new ShutdownTask(run, supervisor);
        run.Completion.ContinueWith(
            static (completed, state) => ((ShutdownTask)state!).OnCompleted(completed.Result),
            task,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        if (shutdown.ShutdownReason is null)
        {
            shutdown.AddTask(run.Settings.CoordinatedShutdownPhase, $"run-group '{run.Name}'", task.Run);
        }

        // The shutdown began before the task could be added (or while it was being added): its phase may be over.
        if (shutdown.ShutdownReason is { } reason)
        {
            task.Interrupt(reason);
        }
    }

    private Task<Done> Run()
    {
        var run = Volatile.Read(ref _run);
        if (run is null)
        {
            return Task.FromResult(Done.Instance);
        }

        Interrupt(CoordinatedShutdown.Get(run.System).ShutdownReason ?? CoordinatedShutdown.UnknownReason.Instance);
        // CoordinatedShutdown bounds the wait by the phase's timeout and then goes on to the next phase.
        return run.Completion.ContinueWith(
            static _ => Done.Instance,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void Interrupt(CoordinatedShutdown.Reason reason)
    {
        var run = Volatile.Read(ref _run);
        var supervisor = Volatile.Read(ref _supervisor);
        if (run is null || supervisor is null || run.SupervisorStopped)
        {
            return;
        }

        supervisor.Tell(new InterruptGroup(ErrorFor(run, reason)));
    }

    private static Exception ErrorFor(GroupRun run, CoordinatedShutdown.Reason reason) =>
        reason is CoordinatedShutdown.ActorSystemTerminateReason
            // ActorSystem.Terminate() runs CoordinatedShutdown: keep the error a terminating system has always given.
            ? new ActorSystemTerminatedException(
                $"ActorSystem '{run.System.Name}' terminated while run group '{run.Name}' was running (shutdown reason: {reason}).")
            : new CoordinatedShutdownException(
                reason,
                $"CoordinatedShutdown of ActorSystem '{run.System.Name}' ran while run group '{run.Name}' was running (reason: {reason.GetType().Name}).");

    private void OnCompleted(RunResult result)
    {
        var run = Volatile.Read(ref _run)!;
        Volatile.Write(ref _run, null);
        Volatile.Write(ref _supervisor, null);
        if (run.Settings.RunCoordinatedShutdownOnExit && !run.System.WhenTerminated.IsCompleted)
        {
            run.Log.Info("Run group '{0}' completed; running CoordinatedShutdown (run-on-exit = on)", run.Name);
            _ = CoordinatedShutdown.Get(run.System).Run(new RunGroupCompletedReason(result));
        }
    }
}
