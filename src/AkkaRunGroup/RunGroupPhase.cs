namespace AkkaRunGroup;

/// <summary>The phases of a run, in the order a run goes through them; a run never goes back to an earlier one.</summary>
public enum RunGroupPhase
{
    /// <summary>The group has not been run yet.</summary>
    NotStarted,

    /// <summary>
    /// The run began, and some member has not started yet: an actor member that reports readiness (a cluster member,
    /// until its node is Up) has not reported it, or a nested group is still starting.
    /// </summary>
    Starting,

    /// <summary>Every member started, and nothing has stopped the group yet.</summary>
    Running,

    /// <summary>
    /// The group was stopped from outside and waits out its drain delay before it interrupts its members, which keep
    /// running meanwhile. Only a group with a drain delay goes through this phase.
    /// </summary>
    Draining,

    /// <summary>Every member's interrupt has been called (or, in reverse order, is being called); the run waits for them to exit.</summary>
    Interrupting,

    /// <summary>The run completed: its <see cref="RunResult"/> is known.</summary>
    Completed,
}
