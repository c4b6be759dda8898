using System.Runtime.InteropServices;
using Akka.Actor;
using Akka.Configuration;
using AkkaRunGroup.Internal;

namespace AkkaRunGroup;

/// <summary>
/// A group of members that start together and stop together: Go's <c>oklog/run</c> <c>run.Group</c> on an Akka.NET
/// supervision tree.
/// </summary>
/// <remarks>
/// <para>A member is a pair of an execute, which runs until it is done, and an interrupt, which makes execute return.
/// <see cref="RunAsync(ActorSystem, CancellationToken)"/> starts every member's execute at once and waits for the
/// first member to exit. The first member to exit interrupts all members: every member's interrupt is called exactly
/// once, with that first member's error, also for members that have already returned, the first one included. The
/// run completes only when every member has exited (bounded by <c>akka.run-group.interrupt-timeout</c>), and returns
/// the first error.</para>
/// <para>Members are meant to run until interrupted: any exit, a clean return included, stops the group. An interrupt
/// must be safe to call after its execute has returned.</para>
/// <para>Each member runs as a child actor of a GroupSupervisor actor. A group runs once; build a new one to run
/// again. <c>Add</c> and <c>RunAsync</c> may be called from any thread.</para>
/// </remarks>
public sealed partial class RunGroup
{
    private readonly object _lock = new();
    private readonly List<Member> _members = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private bool _ran;
    private bool _handlesSignals;
    private InterruptOrder? _order;
    private StartOrder? _startOrder;
    private TimeSpan? _interruptTimeout;
    private TimeSpan? _drainDelay;
    private RunGroup? _parent;
    private RunPlan? _run;
    private RunGroupState _state;

    /// <summary>Creates an empty group.</summary>
    /// <param name="name">
    /// The group's name, used in log lines, metrics, events and the GroupSupervisor's actor path (escaped, and numbered
    /// when another running group has the same name). Any other name is kept as given, as a member's is. Null gives
    /// <c>run-group</c>.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, as a member's name may not be.</exception>
    public RunGroup(string? name = null)
    {
        if (name is { Length: 0 })
        {
            throw new ArgumentException("A run group's name must not be empty; null gives 'run-group'.", nameof(name));
        }

        Name = name ?? "run-group";
        _state = new RunGroupState(Name, RunGroupPhase.NotStarted, DateTimeOffset.UtcNow, false, null, null, null);
    }

    /// <summary>The group's name.</summary>
    public string Name { get; }

    /// <summary>
    /// The run's state: its phase, since when, and what stopped the group. It is what a readiness or liveness probe
    /// reads: <see cref="RunGroupPhase.Running"/> means every member started and nothing stopped the group yet.
    /// </summary>
    /// <remarks>
    /// The run's GroupSupervisor replaces it at each new phase. Reading it takes the group's lock only to find the
    /// current run, then reads the state that run published: it never waits for the run.
    /// A nested group tells its own run's state.
    /// </remarks>
    public RunGroupState State
    {
        get
        {
            lock (_lock)
            {
                return _run is { } run ? run.Completion.State ?? run.Completion.StartingState(run) : _state;
            }
        }
    }

    /// <summary>
    /// Waits until the group's run is past its drain: its members are being interrupted, or the run has completed.
    /// A host that is stopping holds its other services (an HTTP server) with it while a hosted group drains.
    /// </summary>
    /// <param name="cancellationToken">Ends the wait, which then throws <see cref="OperationCanceledException"/>; the run goes on.</param>
    /// <returns>
    /// A task that completes once the run is <see cref="RunGroupPhase.Interrupting"/> or
    /// <see cref="RunGroupPhase.Completed"/>; at once when the group is not running (it has not started yet, or its
    /// run has completed). It never faults for the run's error: await <c>RunAsync</c>'s task for that.
    /// </returns>
    public Task WaitUntilInterruptingAsync(CancellationToken cancellationToken = default)
    {
        RunPlan? run;
        lock (_lock)
        {
            run = _run;
        }

        return run is null ? Task.CompletedTask : run.Completion.PastDrain().WaitAsync(cancellationToken);
    }

    /// <summary>The number of members added so far.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _members.Count;
            }
        }
    }

    /// <summary>Runs the group on <paramref name="system"/>; see the class remarks for the rules of a run.</summary>
    /// <param name="system">The ActorSystem the GroupSupervisor and member actors run in.</param>
    /// <param name="cancellationToken">Cancelling it interrupts the group with an <see cref="OperationCanceledException"/>.</param>
    /// <returns>
    /// A task that completes when every member has exited (or was abandoned at the interrupt timeout) and every actor
    /// of the group has stopped. It never faults because of a member: members' errors are in the <see cref="RunResult"/>.
    /// </returns>
    /// <remarks>
    /// An empty group completes at once. If <paramref name="system"/> terminates during the run, the group is
    /// interrupted with an <see cref="ActorSystemTerminatedException"/> and the run still completes. A system that is
    /// terminating may refuse the run: then this method throws, and the group stays unused.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="system"/> is null.</exception>
    /// <exception cref="ConfigurationException">An <c>akka.run-group</c> setting is not valid; the group stays unused.</exception>
    /// <exception cref="InvalidOperationException">
    /// The group has already been run, is nested in another group, or <paramref name="system"/> has terminated (or is
    /// terminating and refused to start the group's actors).
    /// </exception>
    public Task<RunResult> RunAsync(ActorSystem system, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        ThrowIfNested();
        var settings = RunGroupExtension.Get(system).Settings;
        if (system.WhenTerminated.IsCompleted)
        {
            throw Refused(system, null);
        }

        var members = TakeMembers();
        if (members.Length == 0)
        {
            var empty = new RunResult(Name, null, null, [], TimeSpan.Zero);
            lock (_lock)
            {
                _state = new RunGroupState(Name, RunGroupPhase.Completed, DateTimeOffset.UtcNow, true, null, null, empty);
            }

            system.EventStream.Publish(new GroupCompleted(Name, empty));
            RunTelemetry.For(system).EmptyRun(Name, empty);
            return Task.FromResult(empty);
        }

        var plan = new RunPlan(
            Name, members, settings, system, _order, _interruptTimeout, _drainDelay, nested: false, ShutdownTrace.Caller(), StopAtStart(cancellationToken), _startOrder);
        IActorRef supervisor;
        AttachRun(plan);
        try
        {
            supervisor = GroupSupervisorProps.StartTopLevel(plan);
        }
        catch (Exception e)
        {
            // Nothing ran: the group is left unused. Most often the system is terminating and refused the actor.
            ReleaseMembers(members);
            if (system.WhenTerminated.IsCompleted || CoordinatedShutdown.Get(system).ShutdownReason is not null)
            {
                throw Refused(system, e);
            }

            throw;
        }

        if (CoordinatedShutdown.Get(system).ShutdownReason is not null)
        {
            // Started during a shutdown: the system may terminate before the GroupSupervisor ever runs.
            plan.Completion.CompleteIfNeverStarted(plan);
        }

        OnRunStarted(plan, supervisor, topLevel: true);
        if (cancellationToken.CanBeCanceled)
        {
            plan.Completion.HoldCancellation(cancellationToken.Register(
                static (state, token) => ((IActorRef)state!).Tell(new InterruptGroup(new OperationCanceledException(token))),
                supervisor));
        }

        return plan.Completion.Task;
    }

    /// <summary>
    /// Runs the group on a private ActorSystem made with <see cref="RunGroupSettings.DefaultConfig"/>, terminated
    /// when the run ends. See <see cref="RunAsync(ActorSystem, CancellationToken)"/> for the rules of a run.
    /// </summary>
    /// <remarks>
    /// When the group has a signal handler of its own (<see cref="AddSignalHandler(PosixSignal[])"/>), the private
    /// system runs with Akka's own SIGTERM hook off, so that SIGINT and SIGTERM reach the group as a
    /// <see cref="SignalException"/> every time, not as a CoordinatedShutdown that races it.
    /// </remarks>
    /// <param name="cancellationToken">Cancelling it interrupts the group with an <see cref="OperationCanceledException"/>.</param>
    /// <returns>A task that completes with the result once the run and the private ActorSystem have ended.</returns>
    /// <exception cref="InvalidOperationException">The group has already been run.</exception>
    public Task<RunResult> RunAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            ThrowIfRan();
        }

        ThrowIfNested();
        return RunOnPrivateSystemAsync(cancellationToken);
    }

    private async Task<RunResult> RunOnPrivateSystemAsync(CancellationToken cancellationToken)
    {
        // A group with a signal handler owns SIGINT and SIGTERM: Akka's own hook would race it with a
        // CoordinatedShutdown, and the run's error would be that shutdown's, not the SignalException.
        var config = RunGroupSettings.DefaultConfig();
        if (HandlesSignals)
        {
            config = ConfigurationFactory.ParseString("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off").WithFallback(config);
        }

        var system = ActorSystem.Create("run-group", config);
        try
        {
            return await RunAsync(system, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The stop from outside that is already there as the run begins: an <see cref="Interrupt"/> called before, else a
    /// token already cancelled (the same precedence as when both reach a started run).
    /// </summary>
    private InterruptGroup? StopAtStart(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_interruptRequested)
            {
                return new InterruptGroup(_requestedInterrupt);
            }
        }

        return cancellationToken.IsCancellationRequested ? new InterruptGroup(new OperationCanceledException(cancellationToken)) : null;
    }

    /// <summary>Marks the group as run and returns its members; nested groups are taken too, all the way down.</summary>
    internal Member[] TakeMembers()
    {
        Member[] members;
        lock (_lock)
        {
            ThrowIfRan();
            _ran = true;
            members = [.. _members];
        }

        foreach (var member in members)
        {
            member.OnTaken();
        }

        return members;
    }

    /// <summary>Undoes <see cref="TakeMembers"/> for a run that was refused before anything ran.</summary>
    internal void ReleaseMembers(Member[] members)
    {
        foreach (var member in members)
        {
            member.OnReleased();
        }

        lock (_lock)
        {
            _ran = false;
            _run = null;
        }
    }

    private InvalidOperationException Refused(ActorSystem system, Exception? cause) => new(
        $"Run group '{Name}' cannot run: ActorSystem '{system.Name}' has terminated or is terminating. The group is unused.", cause);

    /// <summary>Whether <paramref name="other"/> is nested in this group, at any depth.</summary>
    internal bool Contains(RunGroup other)
    {
        Member[] members;
        lock (_lock)
        {
            members = [.. _members];
        }

        return members.Any(m => m.Nests(other));
    }

    private void ThrowIfNested()
    {
        if (_parent is { } parent)
        {
            throw new InvalidOperationException(
                $"Run group '{Name}' is nested in run group '{parent.Name}': it runs when that group runs.");
        }
    }

    private void ThrowIfRan()
    {
        if (_ran)
        {
            throw new InvalidOperationException(
                $"Run group '{Name}' has already been run; a RunGroup runs once. Build a new RunGroup to run again.");
        }
    }
}
