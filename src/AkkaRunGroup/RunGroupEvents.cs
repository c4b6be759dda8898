namespace AkkaRunGroup;

/// <summary>
/// The base of the lifecycle events a run publishes to its ActorSystem's EventStream. Subscribe to this type to
/// see them all.
/// </summary>
/// <param name="Group">The name of the group the event belongs to.</param>
public abstract record RunGroupEvent(string Group);

/// <summary>A member's execute started (for an actor member: its actor was created).</summary>
/// <param name="Group">The group's name.</param>
/// <param name="Member">The member's name.</param>
public sealed record MemberStarted(string Group, string Member) : RunGroupEvent(Group);

/// <summary>A member exited: its execute returned, threw or its task ended, or its actor stopped.</summary>
/// <param name="Group">The group's name.</param>
/// <param name="Member">The member's name.</param>
/// <param name="Error">Its exit error; null for a clean exit.</param>
/// <param name="Elapsed">The time from its start to its exit.</param>
public sealed record MemberExited(string Group, string Member, Exception? Error, TimeSpan Elapsed) : RunGroupEvent(Group);

/// <summary>The group was interrupted: every member's interrupt is being called with <paramref name="Error"/>.</summary>
/// <param name="Group">The group's name.</param>
/// <param name="FirstExited">The member whose exit interrupted the group; null when interrupted from outside.</param>
/// <param name="Error">The error every interrupt receives and the run returns.</param>
public sealed record GroupInterrupted(string Group, string? FirstExited, Exception? Error) : RunGroupEvent(Group);

/// <summary>The run completed: every member exited (or was abandoned) and every actor of the group stopped.</summary>
/// <param name="Group">The group's name.</param>
/// <param name="Result">The run's result, the same instance <c>RunAsync</c> returns.</param>
public sealed record GroupCompleted(string Group, RunResult Result) : RunGroupEvent(Group);

/// <summary>A member's execute exited and its restart policy runs it again after <paramref name="Backoff"/>.</summary>
/// <param name="Group">The group's name.</param>
/// <param name="Member">The member's name.</param>
/// <param name="Error">The exit error of the incarnation that ended; null for a clean exit.</param>
/// <param name="Restarts">How many times the member has been restarted, this one included.</param>
/// <param name="Backoff">The wait before the new incarnation starts.</param>
public sealed record MemberRestarted(string Group, string Member, Exception? Error, int Restarts, TimeSpan Backoff) : RunGroupEvent(Group);

/// <summary>The group was stopped from outside and drains for <paramref name="Delay"/> before it is interrupted.</summary>
/// <param name="Group">The group's name.</param>
/// <param name="FirstExited">The signal or cancellation member whose exit stopped the group; null for any other stop from outside.</param>
/// <param name="Error">The error every interrupt will receive and the run returns.</param>
/// <param name="Delay">The drain delay.</param>
public sealed record GroupDraining(string Group, string? FirstExited, Exception? Error, TimeSpan Delay) : RunGroupEvent(Group);
