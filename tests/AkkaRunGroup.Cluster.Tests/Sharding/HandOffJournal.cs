namespace AkkaRunGroup.Cluster.Tests.Sharding;

/// <summary>What the entities and observers of a hand-off scenario saw, in one order shared by every node of the process.</summary>
public sealed class HandOffJournal
{
    private readonly object _gate = new();
    private readonly List<Entry> _entries = [];

    public enum Kind
    {
        /// <summary>An entity received a ping.</summary>
        Received,

        /// <summary>An entity received its hand-off stop message.</summary>
        Stopped,

        /// <summary>An observer saw the leaving node Leaving, Exiting or Removed.</summary>
        SeenLeaving,

        /// <summary>A shard region logged that it dropped buffered messages.</summary>
        Dropped,
    }

    /// <summary>One event; <see cref="Order"/> is its place in the journal.</summary>
    public sealed record Entry(int Order, Kind What, string Entity, int Node, long Seq, string Detail);

    public void Add(Kind what, string entity, int node, long seq = 0, string detail = "")
    {
        lock (_gate)
        {
            _entries.Add(new Entry(_entries.Count, what, entity, node, seq, detail));
        }
    }

    public IReadOnlyList<Entry> Entries
    {
        get
        {
            lock (_gate)
            {
                return _entries.ToArray();
            }
        }
    }
}
