namespace AkkaRunGroup;

/// <summary>How an interrupted group calls its members' interrupts.</summary>
public enum InterruptOrder
{
    /// <summary>
    /// Every interrupt at once, each on its own thread (oklog/run's behaviour, and the default). Key value
    /// <c>concurrent</c>.
    /// </summary>
    Concurrent,

    /// <summary>
    /// One member at a time, in reverse <c>Add</c> order: the next member is interrupted once the previous has exited
    /// and its interrupt has returned, or once the interrupt timeout has elapsed for it. The way the Generic Host stops
    /// hosted services and Erlang stops children. Key value <c>reverse</c>.
    /// </summary>
    Reverse,
}
