using Akka.Actor;
using AkkaRunGroup.Internal;

namespace AkkaRunGroup;

public sealed partial class RunGroup
{
    private IActorRef? _supervisor;
    private bool _interruptRequested;
    private Exception? _requestedInterrupt;

    /// <summary>
    /// Interrupts the group from outside: every member's interrupt is called with <paramref name="error"/>, which
    /// becomes the run's <see cref="RunResult.Error"/>, and <see cref="RunResult.FirstExited"/> stays null.
    /// </summary>
    /// <param name="error">The error every interrupt receives; null interrupts the group cleanly.</param>
    /// <returns>This group.</returns>
    /// <remarks>
    /// <para>Only the first interrupt counts, whether it comes from this method, a member's exit, the run's
    /// CancellationToken or a CoordinatedShutdown; later calls do nothing.</para>
    /// <para>Called before <c>RunAsync</c>, the interrupt is remembered: the run starts every member, then interrupts
    /// them at once. Called after the run completed, or on a group that ran without members, it does nothing. It may
    /// be called from any thread and never blocks.</para>
    /// </remarks>
    public RunGroup Interrupt(Exception? error = null)
    {
        IActorRef supervisor;
        lock (_lock)
        {
            if (_supervisor is null)
            {
                if (!_interruptRequested)
                {
                    _interruptRequested = true;
                    _requestedInterrupt = error;
                }

                return this;
            }

            supervisor = _supervisor;
        }

        // After the run, the GroupSupervisor is gone and the message is dropped, unlogged.
        supervisor.Tell(new InterruptGroup(error));
        return this;
    }

    /// <summary>
    /// Makes <paramref name="plan"/> the group's run, before its GroupSupervisor starts: from then on <see cref="State"/>
    /// tells that run, whatever its GroupSupervisor does first.
    /// </summary>
    internal void AttachRun(RunPlan plan)
    {
        lock (_lock)
        {
            _run = plan;
        }
    }

    /// <summary>
    /// Called once the run's GroupSupervisor is started: wires the interrupts that come from outside. A nested group
    /// is interrupted through its parent, so only a top-level run registers with CoordinatedShutdown.
    /// </summary>
    internal void OnRunStarted(RunPlan plan, IActorRef supervisor, bool topLevel)
    {
        bool requested;
        Exception? error;
        lock (_lock)
        {
            _supervisor = supervisor;
            _run = plan;
            requested = _interruptRequested;
            error = _requestedInterrupt;
        }

        if (topLevel)
        {
            ShutdownRegistry.Register(plan, supervisor);
        }

        if (requested)
        {
            supervisor.Tell(new InterruptGroup(error));
        }
    }
}
