using Akka.Actor;
using AkkaRunGroup.Internal;

namespace AkkaRunGroup;

public sealed partial class RunGroup
{
    /// <summary>
    /// Adds an oklog-style member. Its <paramref name="execute"/> runs on a dedicated thread; what it returns, or
    /// the exception it throws, is its exit error (null: a clean exit). Its <paramref name="interrupt"/> runs once,
    /// on a dedicated thread, after execute has started, and must make execute return.
    /// </summary>
    /// <param name="execute">Runs until done; may block.</param>
    /// <param name="interrupt">Receives the group's first error; must be safe to call after execute returned.</param>
    /// <param name="name">A unique, non-empty name; null gives <c>member-N</c>, N being the member's position.</param>
    /// <returns>This group.</returns>
    /// <remarks>
    /// An <c>async () =&gt; ...</c> lambda binds to this overload and fails to compile with CS1643 ("not all code paths
    /// return a value") or CS4010: an asynchronous member takes the token,
    /// <c>Add(async token =&gt; ..., interrupt, name)</c> (see <see cref="Add(Func{CancellationToken, Task}, Action{Exception?}?, string?)"/>).
    /// There is no overload for a <see cref="Func{Task}"/>: it would make <c>() =&gt; null</c>, the clean return of
    /// this overload, ambiguous (CS0121).
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="execute"/> or <paramref name="interrupt"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or taken by another member.</exception>
    /// <exception cref="InvalidOperationException">The group has already been run.</exception>
    public RunGroup Add(Func<Exception?> execute, Action<Exception?> interrupt, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(execute);
        ArgumentNullException.ThrowIfNull(interrupt);
        return AddMember(name, (n, i) => new SyncMember(n, i, execute, interrupt, RestartPolicy.Never));
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
        return AddMember(name, (n, i) => new AsyncMember(n, i, execute, interrupt, RestartPolicy.Never));
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
        return AddMember(name, (n, i) => new SyncMember(n, i, execute, interrupt, restart));
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
        return AddMember(name, (n, i) => new AsyncMember(n, i, execute, interrupt, restart));
    }

    /// <summary>
    /// Adds an actor as a member: it is created from <paramref name="props"/> as a child of the GroupSupervisor and
    /// exits when it stops. Stopping itself is a clean exit; failing (the GroupSupervisor stops a failing member,
    /// never restarts it) exits with its exception.
    /// </summary>
    /// <param name="props">The actor's props.</param>
    /// <param name="name">
    /// The member's unique, non-empty name; also its actor name (escaped). Null gives
    /// <c>member-N</c>, N being the member's position, as for the other members.
    /// </param>
    /// <param name="interruptMessage">
    /// Builds the message the actor is sent when the group is interrupted; it must make the actor stop. It is called
    /// exactly once, on the GroupSupervisor's thread, so it must be cheap. Null (or a factory that returns null or
    /// throws) stops the actor instead.
    /// </param>
    /// <returns>This group.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="props"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or taken by another member.</exception>
    /// <exception cref="InvalidOperationException">The group has already been run.</exception>
    public RunGroup AddActor(Props props, string? name = null, Func<Exception?, object>? interruptMessage = null) =>
        AddActor(props, name, interruptMessage, reportsReady: false);

    /// <summary>
    /// Adds an actor as a member, as <see cref="AddActor(Props, string?, Func{Exception?, object}?)"/> does; with
    /// <paramref name="reportsReady"/>, the member counts as started only once the actor has sent
    /// <see cref="MemberReady.Instance"/> to its parent, and the run stays <see cref="RunGroupPhase.Starting"/> until then.
    /// </summary>
    /// <param name="props">The actor's props.</param>
    /// <param name="name">The member's unique, non-empty name; also its actor name (escaped). Null gives <c>member-N</c>.</param>
    /// <param name="interruptMessage">Builds the message the actor is sent when the group is interrupted; see the other overload.</param>
    /// <param name="reportsReady">Whether the actor reports when it is ready (for example a cluster member once its node is Up).</param>
    /// <returns>This group.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="props"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or taken by another member.</exception>
    /// <exception cref="InvalidOperationException">The group has already been run.</exception>
    public RunGroup AddActor(Props props, string? name, Func<Exception?, object>? interruptMessage, bool reportsReady)
    {
        ArgumentNullException.ThrowIfNull(props);
        return AddMember(name, (n, i) => new UserActorMember(n, i, props, interruptMessage, reportsReady));
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
    /// <remarks>Its exit is a stop from outside the group: the group drains first (see <see cref="WithDrainDelay"/>).</remarks>
    public RunGroup AddCancellation(CancellationToken token, string? name = null) =>
        AddOutsideStop(interrupted => WaitForCancellation(token, interrupted), name);

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

        lock (group._lock)
        {
            group.ThrowIfRan();
            if (group._parent is not null)
            {
                throw new ArgumentException($"Run group '{group.Name}' is already nested in run group '{group._parent.Name}'.", nameof(group));
            }

            AddMember(name ?? group.Name, (n, i) => new NestedGroupMember(n, i, group));
            group._parent = this;
        }

        return this;
    }

    private static async Task WaitForCancellation(CancellationToken token, CancellationToken interrupted)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(token, interrupted);
        await Task.Delay(Timeout.Infinite, either.Token).ConfigureAwait(false);
    }

    /// <summary>Adds a member whose exit is a stop from outside the group, which drains before the interrupt.</summary>
    private RunGroup AddOutsideStop(Func<CancellationToken, Task> execute, string? name) =>
        AddMember(name, (n, i) => new AsyncMember(n, i, execute, null, RestartPolicy.Never) { StopsFromOutside = true });

    private RunGroup AddMember(string? name, Func<string, int, Member> create)
    {
        if (name is { Length: 0 })
        {
            throw new ArgumentException("A member name must not be empty.", nameof(name));
        }

        lock (_lock)
        {
            ThrowIfRan();
            var index = _members.Count;
            var memberName = name ?? DefaultName(index);
            if (!_names.Add(memberName))
            {
                throw new ArgumentException($"Run group '{Name}' already has a member named '{memberName}'.", nameof(name));
            }

            _members.Add(create(memberName, index));
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
}
