namespace AkkaRunGroup.Tests.Internal;

// What a ProbeMember reports to its test, one record for each call the GroupSupervisor (or an orphaned run) makes.

/// <summary>The member's actor was created.</summary>
internal sealed record WasStarted(string Member, IActorRef Actor);

/// <summary>The GroupSupervisor saw the member's actor terminate, having failed with <paramref name="Failure"/>.</summary>
internal sealed record SawExit(string Member, Exception? Failure);

/// <summary>The member was interrupted with <paramref name="Error"/>, by the GroupSupervisor <paramref name="By"/>.</summary>
internal sealed record WasInterrupted(string Member, Exception? Error, bool ActorStopped, IActorRef By);

/// <summary>The GroupSupervisor stopped with its run incomplete and handed the member to an orphaned run.</summary>
internal sealed record WasOrphaned(string Member, Exception? Error, bool Interrupt);

/// <summary>An orphaned run asked whether the member has finished.</summary>
internal sealed record WatchedFinish(string Member, bool Finished);

/// <summary>An orphaned run read the member's end, on the thread named <paramref name="Thread"/>.</summary>
internal sealed record EndedAfterOrphaned(string Member, string? Thread);
