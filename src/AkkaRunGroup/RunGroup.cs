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
    private readonly object _gate = new();
    private readonly List<Member> _members = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private bool _ran;
    private InterruptOrder? _order;
    private RunGroup? _parent;

    /// <summary>Creates an empty group.</summary>
    /// <param name="name">
    /// The group's name, used in log lines, events and the GroupSupervisor's actor path (escaped, and numbered when
    /// another running group has the same name). Null or empty gives <c>run-group</c>.
    /// </param>
    public RunGroup(string? name = null) => Name = string.IsNullOrEmpty(name) ? "run-group" : name;

    /// <summary>The group's name.</summary>
    public string Name { get; }

    /// <summary>The interrupt order chosen with <see cref="WithInterruptOrder"/>; null defers to the settings.</summary>
    internal InterruptOrder? Order => _order;

    /// <summary>The number of members added so far.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _members.Count;
            }
        }
    }

    /// <summary>
    /// Adds an oklog-style member. Its <paramref name="execute"/> runs on a dedicated thread; what it returns, or
    /// the exception it throws, is its exit error (null: a clean exit). Its <paramref name="interrupt"/> runs once,
    /// on a dedicated thread, after execute has started, and must make execute return.
    /// </summary>
    /// <param name="execute">Runs until done; may block.</param>
    /// <param name="interrupt">Receives the group's first error; must be safe to call after execute returned.</param>
    /// <param name="name">A unique, non-empty name; null gives <c>member-N</c>, N being the member's position.</param>
    /// <returns>This group.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="execute"/> or <paramref name="interrupt"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or taken by another member.</exception>
    /// <exception cref="InvalidOperationException">The group has already been run.</exception>
    public RunGroup Add(Func<Exception?> execute, Action<Exception?> interrupt, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(execute);
        ArgumentNullException.ThrowIfNull(interrupt);
        return AddMember(name, n => new SyncMember(n, execute, interrupt));
    }

    /// <summary>
    /// Adds an asynchronous member. Its <paramref name="execute"/> is invoked on a thread-pool thread (its member
    /// actor's own, on a thread-pool dispatcher), never on the GroupSupervisor's, with a token that is
    /// cancelled when the member is interrupted, right after <paramref name="interrupt"/> (if any) has run. Its
    /// exit error is the exception of its faulted task (a single-inner AggregateException unwrapped), an
    /// <see cref="OperationCanceledException"/> for a cancelled task, or null when it ran to completion.
    /// </summary>
    /// <param name="execute">Runs until done or until the token is cancelled.</param>
    /// <param name="interrupt">Optional; receives the group's first error, on the thread pool, and should not block.</param>
    /// <param name="name">A unique, non-empty name; null gives <c>member-N</c>, N being the member's position.</param>
    /// <returns>This group.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="execute"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or taken by another member.</exception>
    /// <exception cref="InvalidOperationException">The group has already been run.</exception>
    public RunGroup Add(Func<CancellationToken, Task> execute, Action<Exception?>? interrupt = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(execute);
        return AddMember(name, n => new AsyncMember(n, execute, interrupt));
    }

    /// <summary>
    /// Adds an oklog-style member, as <see cref="Add(Func{Exception?}, Action{Exception?}, string?)"/> does, that
    /// <paramref name="restart"/> runs again when its execute exits, instead of stopping the group.
    /// </summary>
    /// <param name="execute">Runs until done; may block.</param>
    /// <param name="interrupt">Receives the group's first error; called at most once, for the incarnation running then.</param>
    /// <param name="name">A unique, non-empty name.</param>
    /// <param name="restart">When and how often to restart; see <see cref="RestartPolicy"/>.</param>
    /// <returns>This group.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or taken by another member.</exception>
    /// <exception cref="InvalidOperationException">The group has already been run.</exception>
    public RunGroup Add(Func<Exception?> execute, Action<Exception?> interrupt, string name, RestartPolicy restart)
    {
        ArgumentNullException.ThrowIfNull(execute);
        ArgumentNullException.ThrowIfNull(interrupt);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(restart);
        return AddMember(name, n => new SyncMember(n, execute, interrupt) { RestartPolicy = restart });
    }

    /// <summary>
    /// Adds an asynchronous member, as <see cref="Add(Func{CancellationToken, Task}, Action{Exception?}?, string?)"/>
    /// does, that <paramref name="restart"/> runs again when its execute exits, instead of stopping the group. Each
    /// incarnation gets a new CancellationToken.
    /// </summary>
    /// <param name="execute">Runs until done or until the token is cancelled.</param>
    /// <param name="interrupt">Optional; called at most once, for the incarnation running then.</param>
    /// <param name="name">A unique, non-empty name.</param>
    /// <param name="restart">When and how often to restart; see <see cref="RestartPolicy"/>.</param>
    /// <returns>This group.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="execute"/>, <paramref name="name"/> or <paramref name="restart"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or taken by another member.</exception>
    /// <exception cref="InvalidOperationException">The group has already been run.</exception>
    public RunGroup Add(Func<CancellationToken, Task> execute, Action<Exception?>? interrupt, string name, RestartPolicy restart)
    {
        ArgumentNullException.ThrowIfNull(execute);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(restart);
        return AddMember(name, n => new AsyncMember(n, execute, interrupt) { RestartPolicy = restart });
    }

    /// <summary>
    /// Adds an actor as a member: it is created from <paramref name="props"/> as a child of the GroupSupervisor and
    /// exits when it stops. Stopping itself is a clean exit; failing (the GroupSupervisor stops a failing member,
    /// never restarts it) exits with its exception.
    /// </summary>
    /// <param name="props">The actor's props.</param>
    /// <param name="name">The member's unique, non-empty name; also its actor name (escaped).</param>
    /// <param name="interruptMessage">
    /// Builds the message the actor is sent when the group is interrupted; it must make the actor stop. It is called
    /// exactly once, on the GroupSupervisor's thread, so it must be cheap. Null (or a factory that returns null or
    /// throws) stops the actor instead.
    /// </param>
    /// <returns>This group.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="props"/> or <paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or taken by another member.</exception>
    /// <exception cref="InvalidOperationException">The group has already been run.</exception>
    public RunGroup AddActor(Props props, string name, Func<Exception?, object>? interruptMessage = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        ArgumentNullException.ThrowIfNull(name);
        return AddMember(name, n => new ActorMember(n, props, interruptMessage));
    }

    /// <summary>
    /// Adds a member that exits with an <see cref="OperationCanceledException"/> when <paramref name="token"/> is
    /// cancelled (oklog's <c>ContextHandler</c>). Interrupted, it exits with an OperationCanceledException too.
    /// </summary>
    /// <param name="token">The token whose cancellation stops the group.</param>
    /// <param name="name">A unique, non-empty name; null gives <c>member-N</c>, N being the member's position.</param>
    /// <returns>This group.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or taken by another member.</exception>
    /// <exception cref="InvalidOperationException">The group has already been run.</exception>
    public RunGroup AddCancellation(CancellationToken token, string? name = null) =>
        Add(interrupted => WaitForCancellation(token, interrupted), name: name);

    /// <summary>
    /// Adds a nested group as a member. Its GroupSupervisor runs as a child of this group's, so the groups form one
    /// supervision tree. The member exits when the nested run completes, with the nested run's error; interrupting
    /// this group interrupts the nested group, which interrupts its own members. The member's outcome carries the
    /// nested run's <see cref="RunResult"/> in <see cref="MemberOutcome.Result"/>.
    /// </summary>
    /// <param name="group">The nested group; it runs when this group runs and cannot be run on its own.</param>
    /// <param name="name">A unique, non-empty member name; null gives the nested group's name.</param>
    /// <returns>This group.</returns>
    /// <remarks>Members may still be added to the nested group until the outermost group runs.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="group"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="group"/> is this group, contains it, or is already nested in a group; or the name is empty or taken.
    /// </exception>
    /// <exception cref="InvalidOperationException">This group or <paramref name="group"/> has already been run.</exception>
    public RunGroup Add(RunGroup group, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (ReferenceEquals(group, this) || group.Contains(this))
        {
            throw new ArgumentException($"Adding run group '{group.Name}' to run group '{Name}' would nest a group in itself.", nameof(group));
        }

        lock (group._gate)
        {
            group.ThrowIfRan();
            if (group._parent is not null)
            {
                throw new ArgumentException($"Run group '{group.Name}' is already nested in run group '{group._parent.Name}'.", nameof(group));
            }

            AddMember(name ?? group.Name, n => new GroupMember(n, group));
            group._parent = this;
        }

        return this;
    }

    /// <summary>Chooses how this group calls its members' interrupts, instead of <c>akka.run-group.interrupt-order</c>.</summary>
    /// <param name="order">The order.</param>
    /// <returns>This group.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is not a defined value.</exception>
    /// <exception cref="InvalidOperationException">The group has already been run.</exception>
    public RunGroup WithInterruptOrder(InterruptOrder order)
    {
        if (!Enum.IsDefined(order))
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, "Not an InterruptOrder.");
        }

        lock (_gate)
        {
            ThrowIfRan();
            _order = order;
        }

        return this;
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
    /// interrupted with an <see cref="ActorSystemTerminatedException"/> and the run still completes.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="system"/> is null.</exception>
    /// <exception cref="ConfigurationException">An <c>akka.run-group</c> setting is not valid; the group stays unused.</exception>
    /// <exception cref="InvalidOperationException">
    /// The group has already been run, is nested in another group, or <paramref name="system"/> has terminated.
    /// </exception>
    public Task<RunResult> RunAsync(ActorSystem system, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        ThrowIfNested();
        var settings = ApplyOverrides(SettingsCache.For(system));
        if (system.WhenTerminated.IsCompleted)
        {
            throw new InvalidOperationException($"Run group '{Name}' cannot run: ActorSystem '{system.Name}' has terminated.");
        }

        var members = TakeMembers();
        if (members.Length == 0)
        {
            var empty = new RunResult(Name, null, null, [], TimeSpan.Zero);
            system.EventStream.Publish(new GroupCompleted(Name, empty));
            return Task.FromResult(empty);
        }

        var run = new GroupRun(Name, members, settings, system, _order);
        var supervisor = run.StartSupervisor();
        OnRunStarted(run, supervisor, topLevel: true);
        if (cancellationToken.CanBeCanceled)
        {
            run.HoldCancellation(cancellationToken.Register(
                static (state, token) => ((IActorRef)state!).Tell(new InterruptGroup(new OperationCanceledException(token))),
                supervisor));
        }

        return run.Completion;
    }

    /// <summary>
    /// Runs the group on a private ActorSystem made with <see cref="RunGroupSettings.DefaultConfig"/>, terminated
    /// when the run ends. See <see cref="RunAsync(ActorSystem, CancellationToken)"/> for the rules of a run.
    /// </summary>
    /// <param name="cancellationToken">Cancelling it interrupts the group with an <see cref="OperationCanceledException"/>.</param>
    /// <returns>A task that completes with the result once the run and the private ActorSystem have ended.</returns>
    /// <exception cref="InvalidOperationException">The group has already been run.</exception>
    public Task<RunResult> RunAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ThrowIfRan();
        }

        ThrowIfNested();
        return RunOnPrivateSystemAsync(cancellationToken);
    }

    private async Task<RunResult> RunOnPrivateSystemAsync(CancellationToken cancellationToken)
    {
        var system = ActorSystem.Create("run-group", RunGroupSettings.DefaultConfig());
        try
        {
            return await RunAsync(system, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
        }
    }

    private static async Task WaitForCancellation(CancellationToken token, CancellationToken interrupted)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(token, interrupted);
        await Task.Delay(Timeout.Infinite, either.Token).ConfigureAwait(false);
    }

    private RunGroup AddMember(string? name, Func<string, Member> create)
    {
        if (name is { Length: 0 })
        {
            throw new ArgumentException("A member name must not be empty.", nameof(name));
        }

        lock (_gate)
        {
            ThrowIfRan();
            var index = _members.Count;
            var memberName = name ?? DefaultName(index);
            if (!_names.Add(memberName))
            {
                throw new ArgumentException($"Run group '{Name}' already has a member named '{memberName}'.", nameof(name));
            }

            var member = create(memberName);
            member.Index = index;
            _members.Add(member);
        }

        return this;
    }

    private string DefaultName(int index)
    {
        var name = $"member-{index}";
        for (var n = 2; _names.Contains(name); n++)
        {
            name = $"member-{index}-{n}";
        }

        return name;
    }

    /// <summary>Marks the group as run and returns its members; nested groups are taken too, all the way down.</summary>
    internal Member[] TakeMembers()
    {
        Member[] members;
        lock (_gate)
        {
            ThrowIfRan();
            _ran = true;
            members = [.. _members];
        }

        foreach (var member in members)
        {
            (member as GroupMember)?.TakeNestedMembers();
        }

        return members;
    }

    private bool Contains(RunGroup other)
    {
        GroupMember[] nested;
        lock (_gate)
        {
            nested = [.. _members.OfType<GroupMember>()];
        }

        return nested.Any(m => ReferenceEquals(m.Group, other) || m.Group.Contains(other));
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
