using Akka.Event;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The table of the kinds of line a run logs (category <see cref="LogLines.Category"/>), ids 1001 and up:
/// an id, once given, is never given to another kind of line, and a kind keeps its id and name whatever its text
/// becomes. <c>docs/telemetry.md</c> lists them with their templates.
/// </summary>
internal static class LogLineKinds
{
    public static readonly LogLineKind FirstExit = new(1001, nameof(FirstExit), LogLevel.InfoLevel);

    public static readonly LogLineKind InterruptedFromOutside = new(1002, nameof(InterruptedFromOutside), LogLevel.InfoLevel);

    public static readonly LogLineKind DrainBegins = new(1003, nameof(DrainBegins), LogLevel.InfoLevel);

    public static readonly LogLineKind DrainCut = new(1004, nameof(DrainCut), LogLevel.InfoLevel);

    public static readonly LogLineKind MemberExited = new(1005, nameof(MemberExited), LogLevel.DebugLevel);

    public static readonly LogLineKind MemberRestarting = new(1006, nameof(MemberRestarting), LogLevel.WarningLevel);

    public static readonly LogLineKind MemberActorFailed = new(1007, nameof(MemberActorFailed), LogLevel.ErrorLevel);

    public static readonly LogLineKind InterruptThrew = new(1008, nameof(InterruptThrew), LogLevel.WarningLevel);

    public static readonly LogLineKind InterruptTurnTimedOut = new(1009, nameof(InterruptTurnTimedOut), LogLevel.WarningLevel);

    public static readonly LogLineKind MembersAbandoned = new(1010, nameof(MembersAbandoned), LogLevel.WarningLevel);

    public static readonly LogLineKind SupervisorFailed = new(1011, nameof(SupervisorFailed), LogLevel.ErrorLevel);

    public static readonly LogLineKind RunCompleted = new(1012, nameof(RunCompleted), LogLevel.InfoLevel);

    public static readonly LogLineKind RunningCoordinatedShutdown = new(1013, nameof(RunningCoordinatedShutdown), LogLevel.InfoLevel);

    /// <summary>Every kind, in the order of their ids.</summary>
    public static readonly IReadOnlyList<LogLineKind> All =
    [
        FirstExit, InterruptedFromOutside, DrainBegins, DrainCut, MemberExited, MemberRestarting, MemberActorFailed,
        InterruptThrew, InterruptTurnTimedOut, MembersAbandoned, SupervisorFailed, RunCompleted, RunningCoordinatedShutdown,
    ];
}
