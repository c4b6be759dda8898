namespace AkkaRunGroup;

/// <summary>
/// The message an actor member added with <c>reportsReady: true</c> sends to its parent (the GroupSupervisor,
/// <c>Context.Parent</c>) once it is ready: until every such member has, the run stays
/// <see cref="RunGroupPhase.Starting"/>. Sent by another actor, or more than once, it changes nothing.
/// </summary>
public sealed class MemberReady
{
    /// <summary>The one instance.</summary>
    public static readonly MemberReady Instance = new();

    private MemberReady()
    {
    }
}
