namespace AkkaRunGroup.ClusterService.Tests;

/// <summary>The figures of one node replaced: SIGTERM to the old incarnation, then the new one started on its ports.</summary>
/// <param name="Old">The incarnation stopped, as in <c>node-2#1</c>.</param>
/// <param name="New">The incarnation that replaced it.</param>
/// <param name="ExitCode">The old incarnation's exit code (137 if it had to be killed).</param>
/// <param name="Killed">Whether it outlived the grace period and was sent SIGKILL.</param>
/// <param name="NotReadyAfter">From SIGTERM until its readiness probe first failed; null if never seen.</param>
/// <param name="ExitedAfter">From SIGTERM until it exited.</param>
/// <param name="ListeningAfter">From SIGTERM until the new incarnation's Kestrel listened: the process started.</param>
/// <param name="ReplacementReadyAfter">From SIGTERM until the new incarnation's readiness probe passed.</param>
public sealed record NodeReplacement(string Old, string New, int ExitCode, bool Killed, TimeSpan? NotReadyAfter, TimeSpan ExitedAfter, TimeSpan? ListeningAfter, TimeSpan ReplacementReadyAfter)
{
    public override string ToString() =>
        $"{Old} -> {New}: SIGTERM -> not ready {Ms(NotReadyAfter)}, -> exit {Ms(ExitedAfter)} (code {ExitCode}{(Killed ? ", SIGKILLed after the grace period" : "")}), " +
        $"-> replacement listening {Ms(ListeningAfter)}, -> replacement ready (Up) {Ms(ReplacementReadyAfter)}";

    private static string Ms(TimeSpan? time) => time is { } t ? $"{t.TotalMilliseconds:0} ms" : "never seen";
}
