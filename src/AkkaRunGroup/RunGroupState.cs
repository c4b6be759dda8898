namespace AkkaRunGroup;

/// <summary>
/// A run's state as its GroupSupervisor last changed it: the phase, since when, and what stopped the group. Read it
/// with <see cref="RunGroup.State"/>, from any thread; it is a snapshot, replaced (never changed) at each new phase.
/// </summary>
public sealed class RunGroupState
{
    internal RunGroupState(string group, RunGroupPhase phase, DateTimeOffset since, bool stopped, string? firstExited, Exception? error, RunResult? result)
    {
        Group = group;
        Phase = phase;
        Since = since;
        IsStopped = stopped;
        FirstExited = firstExited;
        Error = error;
        Result = result;
    }

    /// <summary>The group's name.</summary>
    public string Group { get; }

    /// <summary>The run's phase.</summary>
    public RunGroupPhase Phase { get; }

    /// <summary>When the run entered <see cref="Phase"/> (UTC); for <see cref="RunGroupPhase.NotStarted"/>, when the group was created.</summary>
    public DateTimeOffset Since { get; }

    /// <summary>Whether something has stopped the group: true from <see cref="RunGroupPhase.Draining"/> on.</summary>
    public bool IsStopped { get; }

    /// <summary>The member whose exit stopped the group; null while nothing stopped it, and when it was stopped from outside.</summary>
    public string? FirstExited { get; }

    /// <summary>The error that stopped the group (the run's error), once <see cref="IsStopped"/>; null for a clean stop.</summary>
    public Exception? Error { get; }

    /// <summary>The run's result, once <see cref="RunGroupPhase.Completed"/>; null before.</summary>
    public RunResult? Result { get; }

    /// <summary>A one-line summary: the group, its phase and since when, and what stopped it.</summary>
    /// <returns>For example <c>run group 'api' Interrupting since 2026-12-01T04:50:00.0000000+00:00: 'db' exited first with TimeoutException: gone</c>.</returns>
    public override string ToString()
    {
        var head = $"run group '{Group}' {Phase} since {Since:O}";
        if (Result is not null)
        {
            return $"{head}: {Result}";
        }

        if (!IsStopped)
        {
            return head;
        }

        var who = FirstExited is null ? "interrupted from outside" : $"'{FirstExited}' exited first";
        return $"{head}: {who} {Internal.ExitText.Describe(Error)}";
    }
}
