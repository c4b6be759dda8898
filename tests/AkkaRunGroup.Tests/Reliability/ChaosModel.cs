using CsCheck;

namespace AkkaRunGroup.Tests.Reliability;

/// <summary>
/// How a random member is added: <c>Add(Func&lt;Exception?&gt;, ...)</c>, <c>Add(Func&lt;CancellationToken, Task&gt;, ...)</c>,
/// <c>AddActor</c>, <c>Add(RunGroup)</c> (a nested group of random members) or <c>AddSignalHandler</c>.
/// </summary>
public enum MemberKind
{
    Sync,
    Async,
    Actor,
    Nested,
    Signal,
}

/// <summary>When a random member's execute ends.</summary>
public enum Role
{
    /// <summary>After its own delay, interrupted or not: it can be the first to exit.</summary>
    ExitsOnItsOwn,

    /// <summary>Only after its interrupt (then its delay): it can never be the first to exit.</summary>
    ExitsWhenInterrupted,

    /// <summary>Never until the test releases it after the run: it must be abandoned at the interrupt timeout.</summary>
    IgnoresInterrupt,

    /// <summary>Its interrupt lets the execute end, then blocks until the test releases it: abandoned too.</summary>
    InterruptBlocks,
}

/// <summary>How a random member's execute ends, and so which error it produces.</summary>
public enum Ending
{
    /// <summary>Returns null / a completed task / stops itself: a null error.</summary>
    Clean,

    /// <summary>Returns its error / a task faulted with it / throws it from Receive.</summary>
    Error,

    /// <summary>Throws its error (an async execute: synchronously, before any task).</summary>
    Thrown,

    /// <summary>Throws or faults with <c>AggregateException(error)</c>: the error is the unwrapped inner one.</summary>
    Wrapped,

    /// <summary>Throws an OperationCanceledException / returns a cancelled task; an actor stops itself.</summary>
    Cancelled,

    /// <summary>An actor whose constructor (even delay) or PreStart (odd delay) throws; for the others, <see cref="Thrown"/>.</summary>
    FailsToStart,
}

/// <summary>Where a random group runs and what, besides its members, may interrupt it.</summary>
public enum Lane
{
    /// <summary>A shared ActorSystem without interrupt timeout: only members end the run.</summary>
    Shared,

    /// <summary>A shared ActorSystem with a short interrupt timeout: members may ignore their interrupt.</summary>
    Timeout,

    /// <summary>The shared ActorSystem; RunAsync's token is cancelled at a random moment (or before the run).</summary>
    Cancel,

    /// <summary>A private ActorSystem with the short interrupt timeout, terminated at a random moment of the run.</summary>
    Terminate,

    /// <summary>
    /// A private ActorSystem with the short interrupt timeout, terminated right before RunAsync or right after it: the
    /// run is refused, or completes. Its members obey their interrupt: a refused group is run again on the shared system.
    /// </summary>
    Terminating,
}

/// <summary>One random member.</summary>
/// <param name="HasInterrupt">Async: an interrupt action besides the token; actor: an interrupt message factory (else it is stopped).</param>
/// <param name="InterruptThrows">Its interrupt (or message factory) throws after doing its job.</param>
/// <param name="MaxRestarts">Sync and async: with a restart policy <c>OnFailure(MaxRestarts)</c>; 0: no policy.</param>
/// <param name="Failures">With a policy: its first <c>Failures</c> incarnations fail at once, each with its own error.</param>
/// <param name="Nested">A nested group: its own members and order; its role is derived from them.</param>
/// <param name="Name">An odd name (see <see cref="OddNames"/>), unique in its group; null: <c>m</c> and its index.</param>
/// <param name="Errors">The kind of its errors: exceptions whose members work, or whose Message (or everything) throws.</param>
public sealed record MemberSpec(
    MemberKind Kind,
    Role Role,
    Ending Ending,
    int DelayMs,
    bool HasInterrupt,
    bool InterruptThrows,
    int MaxRestarts = 0,
    int Failures = 0,
    NestedSpec? Nested = null,
    string? Name = null,
    ErrorKind Errors = ErrorKind.Plain)
{
    /// <summary>Its incarnations can only fail until the policy's intensity is exceeded: the last failure is its exit.</summary>
    public bool ExceedsIntensity => MaxRestarts > 0 && Failures > MaxRestarts;

    /// <summary>The longest delay of the member and, for a nested group, of everything in it.</summary>
    public int DeepDelayMs => Nested is null ? DelayMs : Nested.Members.Max(m => m.DeepDelayMs);

    public override string ToString() => (Name is null ? "" : $"'{OddNames.Printable(Name)}'=") + Kind switch
    {
        MemberKind.Nested => $"Nested/{Role}{(Nested!.Sequential ? "/sequential" : "")}{(Nested.Reverse ? "/reverse" : "")}{(Nested.OwnDrain ? "/own-drain" : "")}[{string.Join(", ", Nested.Members.Select((m, i) => $"{i}:{m}"))}]",
        MemberKind.Signal => "Signal",
        _ => $"{Kind}/{Role}/{Ending}/{DelayMs}ms{(HasInterrupt ? "/hook" : "")}{(InterruptThrows ? "/interrupt-throws" : "")}"
            + (MaxRestarts > 0 ? $"/restarts<={MaxRestarts},fails={Failures}" : "")
            + (Errors == ErrorKind.Plain ? "" : $"/{Errors}"),
    };
}

/// <summary>The members of a nested group, and whether it interrupts them in reverse order.</summary>
/// <param name="OwnDrain">It is given <c>WithDrainDelay</c> of <see cref="ChaosModel.LongDrain"/>, which a nested group ignores.</param>
/// <param name="Sequential">It starts its members with <c>StartOrder.Sequential</c>.</param>
public sealed record NestedSpec(bool Reverse, MemberSpec[] Members, bool OwnDrain = false, bool Sequential = false);

/// <summary>One random group: its lane, the moment of the external interrupt (if any), its interrupt and start orders and its members.</summary>
/// <param name="ExternalDelayMs">
/// Cancel and Terminate lanes: when the external interrupt comes; -1 cancels before RunAsync. Terminating lane: 0 or 1
/// terminates the system that many ms after RunAsync; -1 right before it; -2 before it with one <c>Task.Yield</c> between.
/// </param>
/// <param name="Reverse">The group interrupts its members with <c>InterruptOrder.Reverse</c>.</param>
/// <param name="Drain">The group's <c>WithDrainDelay</c>, always called: zero for no drain.</param>
/// <param name="CancelsFirst">Terminate lane: RunAsync's token is cancelled right before the system is terminated.</param>
/// <param name="InterruptsBeforeRun">Cancel lane, external -1: <c>RunGroup.Interrupt</c> (with an OperationCanceledException
/// of RunAsync's token) is called before RunAsync, and then the token is cancelled: the interrupt's error comes first.</param>
/// <param name="Sequential">The group starts its members with <c>StartOrder.Sequential</c>.</param>
public sealed record GroupSpec(
    Lane Lane,
    int ExternalDelayMs,
    MemberSpec[] Members,
    bool Reverse = false,
    TimeSpan Drain = default,
    bool CancelsFirst = false,
    bool InterruptsBeforeRun = false,
    bool Sequential = false)
{
    public int SelfExiting => Members.Count(m => m.Role == Role.ExitsOnItsOwn);

    public override string ToString() =>
        $"{Lane} external={ExternalDelayMs}ms{(InterruptsBeforeRun ? " interrupt-before-run" : "")}{(Sequential ? " sequential" : "")}{(Reverse ? " reverse" : "")}{DrainText}{(CancelsFirst ? " cancels-first" : "")} members=[{string.Join(", ", Members.Select((m, i) => $"{i}:{m}"))}]";

    private string DrainText =>
        Drain == TimeSpan.Zero ? "" : Drain < TimeSpan.FromSeconds(1) ? $" drain={Drain.TotalMilliseconds:0}ms" : $" drain={Drain}";
}

/// <summary>The generator of random groups; sizes shrink towards few members, short delays and plain endings.</summary>
public static class ChaosModel
{
    /// <summary>How deep nested groups go below the top-level group.</summary>
    public const int MaxDepth = 2;

    /// <summary>
    /// The longest drain delay a group takes, a day: far longer than any run's bound, so that a drain of this length
    /// ends within a run only if something ends it early (a member's exit, the ActorSystem terminating).
    /// </summary>
    public static readonly TimeSpan LongDrain = TimeSpan.FromDays(1);

    private static readonly Gen<int> Delay = Gen.OneOf(0, 0, 0, 1, 2, 5);

    private static readonly Gen<bool> Rarely = Gen.Int[0, 9].Select(i => i == 0);

    /// <summary>One member in eight has errors whose Message (or Message, ToString and StackTrace) throws.</summary>
    private static readonly Gen<ErrorKind> Errors =
        Gen.Frequency((14, Gen.Const(ErrorKind.Plain)), (1, Gen.Const(ErrorKind.MessageThrows)), (1, Gen.Const(ErrorKind.EverythingThrows)));

    /// <summary>One member in eight of the sync and async ones has a restart policy.</summary>
    private static readonly Gen<(int MaxRestarts, int Failures)> Restart =
        Gen.Frequency((7, Gen.Const((0, 0))), (1, Gen.Select(Gen.Int[1, 3], Gen.Int[1, 4], (max, fails) => (max, fails))));

    /// <summary>
    /// The drain of a top-level group, drawn for one group in 4: 1–5 ms, or (one time in 5) <see cref="LongDrain"/>;
    /// and whether, in the Terminate lane, RunAsync's token is cancelled before the system terminates (see
    /// <see cref="Normalise"/> for what each lane keeps of it).
    /// </summary>
    private static readonly Gen<(bool Drawn, TimeSpan Short, bool Long, bool CancelsFirst)> Drains =
        Gen.Select(Gen.Int[0, 3], Gen.Int[1, 5], Gen.Int[0, 4], Gen.Bool, (drawn, ms, kind, cancels) => (drawn == 3, TimeSpan.FromMilliseconds(ms), kind == 4, cancels));

    /// <summary>One group in four, top-level or nested, starts its members in sequential order.</summary>
    private static readonly Gen<bool> Sequential = Gen.Int[0, 3].Select(i => i == 0);

    /// <summary>A top-level group's orders: it interrupts in reverse order one time in five, starts in sequential order one in four.</summary>
    private static readonly Gen<(bool Reverse, bool Sequential)> Orders = Gen.Select(Gen.Int[0, 4], Sequential, (order, sequential) => (order == 0, sequential));

    /// <summary>
    /// The random groups, by lane; one group in four gives odd names to its members (see <see cref="OddNames"/>), and
    /// one in four starts them in sequential order.
    /// </summary>
    public static Gen<GroupSpec> Groups { get; } =
        Gen.Frequency(
                (69, Gen.Const(Lane.Shared)), (5, Gen.Const(Lane.Timeout)), (24, Gen.Const(Lane.Cancel)), (1, Gen.Const(Lane.Terminate)), (1, Gen.Const(Lane.Terminating)))
            .SelectMany(lane => Gen.Select(
                Gen.Frequency((3, MembersOf(lane, 0).Array[1, 8]), (1, MembersOf(lane, 0).Array[9, 50])),
                Gen.Int[0, 49],
                Gen.Frequency((1, Gen.Const(-1)), (4, Gen.Int[0, 3])),
                Gen.Int[-2, 1],
                Gen.Bool,
                Orders,
                Gen.Int[0, 3],
                Drains,
                (members, leader, external, terminating, withLeader, orders, names, drain) =>
                    Normalise(lane, members, leader, lane == Lane.Terminating ? terminating : external, withLeader, orders, names == 0, drain)))
            .SelectMany(spec => spec is { Lane: Lane.Cancel, ExternalDelayMs: < 0 }
                ? Gen.Bool.Select(interrupts => spec with { InterruptsBeforeRun = interrupts })
                : Gen.Const(spec));

    /// <summary>
    /// The members of a group <paramref name="depth"/> levels below the top. A nested group's members always obey
    /// their interrupt, and no nested group or reverse order runs in the Terminate and Terminating lanes (see
    /// docs/guarantees.md).
    /// </summary>
    private static Gen<MemberSpec> MembersOf(Lane lane, int depth)
    {
        var kinds = lane is Lane.Terminate or Lane.Terminating || depth == MaxDepth
            ? Gen.Frequency((10, Gen.Const(MemberKind.Sync)), (10, Gen.Const(MemberKind.Async)), (10, Gen.Const(MemberKind.Actor)), (1, Gen.Const(MemberKind.Signal)))
            : Gen.Frequency((10, Gen.Const(MemberKind.Sync)), (10, Gen.Const(MemberKind.Async)), (10, Gen.Const(MemberKind.Actor)), (1, Gen.Const(MemberKind.Signal)), (1, Gen.Const(MemberKind.Nested)));
        var roles = lane is Lane.Timeout or Lane.Terminate && depth == 0
            ? Gen.Frequency((8, Gen.Const(Role.ExitsWhenInterrupted)), (1, Gen.Const(Role.ExitsOnItsOwn)), (1, Gen.OneOf(Role.IgnoresInterrupt, Role.InterruptBlocks)))
            : Gen.Frequency((9, Gen.Const(Role.ExitsWhenInterrupted)), (1, Gen.Const(Role.ExitsOnItsOwn)));
        return kinds.SelectMany(kind => kind == MemberKind.Nested
            ? Gen.Select(Gen.Int[0, 2], MembersOf(lane, depth + 1).Array[1, 4], OddNames.Names, Gen.Int[0, 3], Sequential, (order, members, name, drain, sequential) =>
                new MemberSpec(kind, Role.ExitsWhenInterrupted, Ending.Clean, 0, false, false, Nested: new NestedSpec(order == 0, members, drain == 3, sequential), Name: name))
            : Gen.Select(roles, Gen.Enum<Ending>(), Delay, Gen.Bool, Rarely, Restart, OddNames.Names, Errors, (role, ending, delay, hook, throws, restart, name, errors) =>
                new MemberSpec(kind, role, ending, delay, hook, throws, restart.MaxRestarts, restart.Failures, Name: name, Errors: errors)));
    }

    /// <summary>
    /// Makes a raw draw consistent: a leader that exits on its own where nothing else would end the run, names only
    /// in a group with odd names, and no impossible combination.
    /// </summary>
    /// <remarks>
    /// A drawn drain, by lane. Shared and Timeout: short or long; nothing stops these groups from outside, so they
    /// never drain. Cancel: short, or long when a member exits on its own and is sure to have started when the token is
    /// cancelled (that exit ends the drain; see <see cref="SureToStart"/>). Terminate: always long, and half the time
    /// the token is cancelled first (the drain begins, and the terminating system ends it). Terminating: short (only a
    /// refused group, run again with a cancelled token, drains).
    /// </remarks>
    private static GroupSpec Normalise(
        Lane lane,
        MemberSpec[] members,
        int leader,
        int external,
        bool withLeader,
        (bool Reverse, bool Sequential) orders,
        bool oddNames,
        (bool Drawn, TimeSpan Short, bool Long, bool CancelsFirst) drain)
    {
        var mustHaveLeader = lane is Lane.Shared or Lane.Timeout || withLeader;
        var externalDelay = lane switch
        {
            Lane.Cancel or Lane.Terminating => external,
            Lane.Terminate => Math.Max(0, external),
            _ => 0,
        };
        var fixedMembers = Fix(members, mustHaveLeader ? leader : -1, oddNames);
        var delay = lane switch
        {
            _ when !drain.Drawn => TimeSpan.Zero,
            Lane.Shared or Lane.Timeout => drain.Long ? LongDrain : drain.Short,
            Lane.Cancel => drain.Long && SureToStart(fixedMembers, orders.Sequential).Any(m => m.Role == Role.ExitsOnItsOwn) ? LongDrain : drain.Short,
            Lane.Terminate => LongDrain,
            _ => drain.Short,
        };
        var cancelsFirst = lane == Lane.Terminate && drain.Drawn && drain.CancelsFirst;
        return new GroupSpec(
            lane, externalDelay, fixedMembers, orders.Reverse && lane is not (Lane.Terminate or Lane.Terminating), delay, cancelsFirst, Sequential: orders.Sequential);
    }

    /// <summary>
    /// The members sure to have started when a stop from outside comes after RunAsync: every one, or in sequential
    /// order those the start reaches before its first pause, up to the first member whose readiness it waits for (the
    /// suite's actor members report none, so it goes on at once after each); the members after those may never start.
    /// </summary>
    private static IEnumerable<MemberSpec> SureToStart(MemberSpec[] members, bool sequential)
    {
        if (!sequential)
        {
            return members;
        }

        var awaited = Array.FindIndex(members, m => m.Kind != MemberKind.Actor);
        return members.Take(awaited < 0 ? members.Length : awaited + 1);
    }

    /// <summary>
    /// Fixes every member (nested ones too); the member at <paramref name="leader"/> (modulo their count; -1: none)
    /// exits on its own. Without odd names every member has its default name; with them, a name already taken in the
    /// group is dropped, since a group refuses a duplicate name.
    /// </summary>
    private static MemberSpec[] Fix(MemberSpec[] members, int leader, bool oddNames)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        return members.Select((m, i) =>
            {
                var fixedMember = Fix(m, leader >= 0 && i == leader % members.Length, leader, oddNames);
                return fixedMember.Name is { } name && (!oddNames || !taken.Add(name)) ? fixedMember with { Name = null } : fixedMember;
            })
            .ToArray();
    }

    private static MemberSpec Fix(MemberSpec m, bool isLeader, int leader, bool oddNames)
    {
        if (m.Nested is { } nested)
        {
            var children = Fix(nested.Members, isLeader ? leader : -1, oddNames);
            var role = children.Any(c => c.Role == Role.ExitsOnItsOwn) ? Role.ExitsOnItsOwn : Role.ExitsWhenInterrupted;
            return m with { Role = role, Nested = nested with { Members = children } };
        }

        if (m.Kind == MemberKind.Signal)
        {
            // A signal member only exits when interrupted (no signal is sent): a leader is an async member instead.
            return isLeader ? Fix(m with { Kind = MemberKind.Async }, true, leader, oddNames) : m with { Role = Role.ExitsWhenInterrupted };
        }

        if (isLeader)
        {
            m = m with { Role = Role.ExitsOnItsOwn };
        }

        if (m.Kind == MemberKind.Actor || m.Role is Role.IgnoresInterrupt or Role.InterruptBlocks)
        {
            m = m with { MaxRestarts = 0, Failures = 0 };
        }

        if (m.ExceedsIntensity)
        {
            // Its last incarnation fails too, and that failure, over the intensity, is its exit.
            m = m with { Role = Role.ExitsOnItsOwn };
        }

        if (m.Ending == Ending.FailsToStart && (m.Kind != MemberKind.Actor || m.Role != Role.ExitsOnItsOwn))
        {
            m = m with { Ending = Ending.Thrown };
        }

        if (m.Kind != MemberKind.Sync && m.Role == Role.InterruptBlocks)
        {
            // Only a dedicated thread may block in an interrupt: the others run on the pool or the supervisor.
            m = m with { Role = Role.IgnoresInterrupt };
        }

        return m.Role switch
        {
            // An actor ignores its interrupt message only if it gets one, and a throwing factory would stop it.
            Role.IgnoresInterrupt when m.Kind == MemberKind.Actor => m with { HasInterrupt = true, InterruptThrows = false },
            Role.InterruptBlocks => m with { InterruptThrows = false },
            _ when m.Kind == MemberKind.Async && m.InterruptThrows => m with { HasInterrupt = true },
            _ when m.Kind == MemberKind.Actor && m.InterruptThrows => m with { HasInterrupt = true },
            _ => m,
        };
    }
}
