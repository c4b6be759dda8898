namespace AkkaRunGroup;

/// <summary>How a group starts its members.</summary>
public enum StartOrder
{
    /// <summary>
    /// Every member at once (oklog/run's behaviour, and the default). Key value <c>concurrent</c>.
    /// </summary>
    Concurrent,

    /// <summary>
    /// One member at a time, in <c>Add</c> order: a member starts once the one before it has started. A member has
    /// started when it is ready: a cluster member once its node is Up, an actor member that reports readiness once it
    /// has sent <see cref="MemberReady"/>, a nested group once it is Running, any other member once its execute has
    /// begun (an actor member that does not report readiness, once its actor is created). A member that exits, or a
    /// stop from outside, while the group is still starting ends the start: the members not started yet never start
    /// (their <see cref="MemberOutcome.Started"/> is false, and they have nothing to interrupt), the others are
    /// interrupted as in any stop. The group is <see cref="RunGroupPhase.Starting"/> until its last member has
    /// started. Pair it with <see cref="InterruptOrder.Reverse"/> to stop the members in the mirror order. Key value
    /// <c>sequential</c>.
    /// </summary>
    Sequential,
}
