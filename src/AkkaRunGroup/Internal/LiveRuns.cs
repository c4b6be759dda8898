namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The runs of one <see cref="RunTelemetry"/> that have started and not completed, for its observable
/// instruments: a list linked through the runs themselves, so that a run joins and leaves it in constant time, with
/// no allocation, under a lock held for a few writes. A collection walks it under the same lock.
/// </summary>
internal sealed class LiveRuns
{
    private readonly Lock _lock = new();
    private LiveRun? _first;

    /// <summary>Adds <paramref name="run"/>, unless it is in already.</summary>
    public void Add(LiveRun run)
    {
        lock (_lock)
        {
            if (run.Linked)
            {
                return;
            }

            run.Linked = true;
            run.Next = _first;
            if (_first is not null)
            {
                _first.Previous = run;
            }

            _first = run;
        }
    }

    /// <summary>Removes <paramref name="run"/>, if it is in.</summary>
    public void Remove(LiveRun run)
    {
        lock (_lock)
        {
            if (!run.Linked)
            {
                return;
            }

            if (run.Previous is { } previous)
            {
                previous.Next = run.Next;
            }
            else
            {
                _first = run.Next;
            }

            if (run.Next is { } next)
            {
                next.Previous = run.Previous;
            }

            run.Previous = run.Next = null;
            run.Linked = false;
        }
    }

    /// <summary>
    /// What the live runs of each group add up to, now: the members running, and how many runs are in each phase.
    /// Groups are told apart by name, as the instruments' tags do.
    /// </summary>
    public Dictionary<string, GroupSnapshot> ByGroup()
    {
        var groups = new Dictionary<string, GroupSnapshot>(StringComparer.Ordinal);
        lock (_lock)
        {
            for (var run = _first; run is not null; run = run.Next)
            {
                if (!groups.TryGetValue(run.Group, out var group))
                {
                    group = new GroupSnapshot();
                    groups.Add(run.Group, group);
                }

                group.Running += run.Running;
                group.Runs[(int)run.Phase]++;
            }
        }

        return groups;
    }

    /// <summary>The live runs of one group: their members running, and their number in each <see cref="RunGroupPhase"/> (indexed by it).</summary>
    internal sealed class GroupSnapshot
    {
        public long Running { get; set; }

        public long[] Runs { get; } = new long[(int)RunGroupPhase.Completed + 1];
    }
}
