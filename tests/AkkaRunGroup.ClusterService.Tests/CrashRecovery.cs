namespace AkkaRunGroup.ClusterService.Tests;

/// <summary>The figures of one node killed with SIGKILL (no leave, no handoff) and of the cluster's recovery.</summary>
/// <param name="Killed">The incarnation killed, as in <c>node-1#2</c>.</param>
/// <param name="DownedAfter">From SIGKILL until a survivor's split-brain resolver logged that it downs the node.</param>
/// <param name="AllGetsAfter">From SIGKILL until every counter had answered a GET on a survivor.</param>
/// <param name="AllAnsweredAfter">From SIGKILL until every counter had answered a GET and acknowledged a POST.</param>
/// <param name="SurvivorsReadyAfter">From SIGKILL until every survivor's readiness probe passed (again).</param>
/// <param name="SurvivorsUnready">The survivors whose readiness failed at some point after the kill.</param>
/// <param name="RestartedReadyAfter">From SIGKILL until the node restarted on its ports was ready.</param>
public sealed record CrashRecovery(
    string Killed,
    TimeSpan DownedAfter,
    TimeSpan AllGetsAfter,
    TimeSpan AllAnsweredAfter,
    TimeSpan SurvivorsReadyAfter,
    IReadOnlyList<string> SurvivorsUnready,
    TimeSpan RestartedReadyAfter)
{
    public override string ToString() =>
        $"{Killed} SIGKILL -> downed by the SBR {Ms(DownedAfter)}, -> every counter answers a GET {Ms(AllGetsAfter)}, " +
        $"-> and a POST {Ms(AllAnsweredAfter)} (recovery); " +
        (SurvivorsUnready.Count == 0
            ? "the survivors stayed ready"
            : $"survivors not ready for a while ({string.Join(", ", SurvivorsUnready)}), all ready again {Ms(SurvivorsReadyAfter)}") +
        $"; the node restarted on its ports ready {Ms(RestartedReadyAfter)}";

    private static string Ms(TimeSpan? time) => time is { } t ? $"{t.TotalMilliseconds:0} ms" : "not shown";
}
