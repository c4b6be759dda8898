using CsCheck;

namespace AkkaRunGroup.Tests.Reliability;

/// <summary>How a random member is added: <c>Add(Func&lt;Exception?&gt;, ...)</c>, <c>Add(Func&lt;CancellationToken, Task&gt;, ...)</c> or <c>AddActor</c>.</summary>
public enum MemberKind
{
    Sync,
    Async,
    Actor,
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
}

/// <summary>One random member.</summary>
/// <param name="HasInterrupt">Async: an interrupt action besides the token; actor: an interrupt message factory (else it is stopped).</param>
/// <param name="InterruptThrows">Its interrupt (or message factory) throws after doing its job.</param>
public sealed record MemberSpec(MemberKind Kind, Role Role, Ending Ending, int DelayMs, bool HasInterrupt, bool InterruptThrows)
{
    public override string ToString() =>
        $"{Kind}/{Role}/{Ending}/{DelayMs}ms{(HasInterrupt ? "/hook" : "")}{(InterruptThrows ? "/interrupt-throws" : "")}";
}

/// <summary>One random group: its lane, the moment of the external interrupt (if any) and its members.</summary>
/// <param name="ExternalDelayMs">Cancel and Terminate lanes: when the external interrupt comes; -1 cancels before RunAsync.</param>
public sealed record GroupSpec(Lane Lane, int ExternalDelayMs, MemberSpec[] Members)
{
    public int SelfExiting => Members.Count(m => m.Role == Role.ExitsOnItsOwn);

    public override string ToString() =>
        $"{Lane} external={ExternalDelayMs}ms members=[{string.Join(", ", Members.Select((m, i) => $"{i}:{m}"))}]";
}

/// <summary>The generator of random groups; sizes shrink towards few members, short delays and plain endings.</summary>
public static class ChaosModel
{
    private static readonly Gen<int> Delay = Gen.OneOf(0, 0, 0, 1, 2, 5);

    private static readonly Gen<bool> Rarely = Gen.Int[0, 9].Select(i => i == 0);

    public static Gen<GroupSpec> Groups { get; } =
        Gen.Frequency((70, Gen.Const(Lane.Shared)), (5, Gen.Const(Lane.Timeout)), (24, Gen.Const(Lane.Cancel)), (1, Gen.Const(Lane.Terminate)))
            .SelectMany(lane => Gen.Select(
                Gen.Frequency((3, MembersOf(lane).Array[1, 8]), (1, MembersOf(lane).Array[9, 50])),
                Gen.Int[0, 49],
                Gen.Frequency((1, Gen.Const(-1)), (4, Gen.Int[0, 3])),
                Gen.Bool,
                (members, leader, external, withLeader) => Normalise(lane, members, leader, external, withLeader)));

    private static Gen<MemberSpec> MembersOf(Lane lane) => Gen.Select(
        Gen.OneOf(MemberKind.Sync, MemberKind.Async, MemberKind.Actor),
        lane is Lane.Timeout or Lane.Terminate
            ? Gen.Frequency((8, Gen.Const(Role.ExitsWhenInterrupted)), (1, Gen.Const(Role.ExitsOnItsOwn)), (1, Gen.OneOf(Role.IgnoresInterrupt, Role.InterruptBlocks)))
            : Gen.Frequency((9, Gen.Const(Role.ExitsWhenInterrupted)), (1, Gen.Const(Role.ExitsOnItsOwn))),
        Gen.Enum<Ending>(),
        Delay,
        Gen.Bool,
        Rarely,
        (kind, role, ending, delay, hook, throws) => new MemberSpec(kind, role, ending, delay, hook, throws));

    /// <summary>Makes a raw draw consistent: a leader that exits on its own where nothing else would end the run, and no impossible combination.</summary>
    private static GroupSpec Normalise(Lane lane, MemberSpec[] members, int leader, int external, bool withLeader)
    {
        var mustHaveLeader = lane is Lane.Shared or Lane.Timeout || withLeader;
        var fixedMembers = members.Select((m, i) =>
        {
            if (mustHaveLeader && i == leader % members.Length)
            {
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
        }).ToArray();
        var externalDelay = lane switch
        {
            Lane.Cancel => external,
            Lane.Terminate => Math.Max(0, external),
            _ => 0,
        };
        return new GroupSpec(lane, externalDelay, fixedMembers);
    }
}
