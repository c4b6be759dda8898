using CsCheck;

namespace AkkaRunGroup.Hosting.Tests.Reliability;

/// <summary>How a random hosted member is added: <c>AddHostedService</c> with an IHostedService or a BackgroundService, or a plain <c>Add</c>.</summary>
public enum HostedKind
{
    Service,
    Background,
    Plain,
}

/// <summary>What a random hosted member does.</summary>
public enum HostedRole
{
    /// <summary>Runs until interrupted (a service until stopped, ExecuteAsync until its stopping token, a plain member until its token).</summary>
    Obeys,

    /// <summary>StartAsync throws its error (a plain member: its execute throws at once).</summary>
    StartThrows,

    /// <summary>ExecuteAsync (a plain member: its execute) ends on its own after its delay: cleanly when <c>Clean</c>, else with its error.</summary>
    ExitsOnItsOwn,

    /// <summary>ExecuteAsync throws its error before its first await.</summary>
    ThrowsAtOnce,

    /// <summary>ExecuteAsync ignores its stopping token until the test releases it: abandoned at the interrupt timeout.</summary>
    IgnoresStoppingToken,
}

/// <summary>One random hosted member.</summary>
public sealed record HostedSpec(HostedKind Kind, HostedRole Role, bool Clean, int DelayMs)
{
    public bool ExitsOnItsOwn => Role is HostedRole.StartThrows or HostedRole.ExitsOnItsOwn or HostedRole.ThrowsAtOnce;

    public override string ToString() => $"{Kind}/{Role}{(Clean ? "/clean" : "")}/{DelayMs}ms";
}

/// <summary>
/// One random hosted group: its members and, when the host is stopped from outside, when (-1: never); whether its
/// interrupt timeout is <see cref="TimeSpan.MaxValue"/> (never with a member that ignores its token, which would then
/// never be abandoned); and the name's tail: upper case or not, 1 to 200 characters.
/// </summary>
public sealed record HostedGroupSpec(int StopHostAfterMs, HostedSpec[] Members, bool HugeTimeout = false, bool UpperCase = false, int NameTail = 1)
{
    public override string ToString() =>
        $"stop-host={StopHostAfterMs}ms{(HugeTimeout ? " timeout=MaxValue" : "")} name-tail={NameTail}{(UpperCase ? " upper" : "")} members=[{string.Join(", ", Members.Select((m, i) => $"{i}:{m}"))}]";
}

/// <summary>The generator of random hosted groups: few members, a leader unless the host is stopped, rarely one that ignores its token.</summary>
public static class HostedChaosModel
{
    private static readonly Gen<HostedSpec> Member = Gen.Select(
        Gen.Enum<HostedKind>(),
        Gen.Frequency(
            (12, Gen.Const(HostedRole.Obeys)),
            (2, Gen.Const(HostedRole.StartThrows)),
            (3, Gen.Const(HostedRole.ExitsOnItsOwn)),
            (1, Gen.Const(HostedRole.ThrowsAtOnce)),
            (1, Gen.Const(HostedRole.IgnoresStoppingToken))),
        Gen.Bool,
        Gen.OneOf(0, 0, 1, 3),
        (kind, role, clean, delay) => Fix(new HostedSpec(kind, role, clean, delay)));

    public static Gen<HostedGroupSpec> Groups { get; } = Gen.Select(
        Member.Array[1, 8],
        Gen.Frequency((3, Gen.Const(-1)), (1, Gen.Int[0, 3])),
        Gen.Int[0, 7],
        (members, stop, leader) =>
        {
            if (stop < 0 && !members.Any(m => m.ExitsOnItsOwn))
            {
                var i = leader % members.Length;
                members[i] = Fix(members[i] with { Role = HostedRole.ExitsOnItsOwn });
            }

            // One member that ignores its token at most: each costs the interrupt timeout.
            var ignoring = Array.FindIndex(members, m => m.Role == HostedRole.IgnoresStoppingToken);
            return new HostedGroupSpec(stop, members.Select((m, i) => i > ignoring && ignoring >= 0 && m.Role == HostedRole.IgnoresStoppingToken ? m with { Role = HostedRole.Obeys } : m).ToArray());
        })
        .SelectMany(spec => Gen.Select(Gen.Int[0, 2], Gen.Bool, Gen.Frequency((3, Gen.Int[1, 8]), (1, Gen.Int[9, 200])), (huge, upper, tail) => spec with
        {
            HugeTimeout = huge == 0 && !spec.Members.Any(m => m.Role == HostedRole.IgnoresStoppingToken),
            UpperCase = upper,
            NameTail = tail,
        }));

    /// <summary>Only a BackgroundService has an ExecuteAsync; an IHostedService's own work is only its start and stop.</summary>
    private static HostedSpec Fix(HostedSpec m) => m switch
    {
        { Kind: HostedKind.Service, Role: HostedRole.ExitsOnItsOwn or HostedRole.ThrowsAtOnce or HostedRole.IgnoresStoppingToken } => m with { Role = HostedRole.StartThrows },
        { Kind: HostedKind.Plain, Role: HostedRole.ThrowsAtOnce } => m with { Role = HostedRole.StartThrows },
        { Kind: HostedKind.Plain, Role: HostedRole.IgnoresStoppingToken } => m with { Role = HostedRole.Obeys },
        _ => m,
    };
}
