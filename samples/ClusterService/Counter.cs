using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Persistence;

namespace ClusterService;

/// <summary>
/// A counter, one per id, sharded across the cluster and event-sourced: an increment is answered only once its event
/// is in the journal, and a counter started on another node (after a hand-off or a crash) replays its events.
/// </summary>
internal sealed class Counter : ReceivePersistentActor
{
    private readonly string _id;
    private readonly string _node;
    private long _value;

    public Counter(string id)
    {
        _id = id;
        _node = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();
        PersistenceId = $"counter-{id}";
        Recover<Incremented>(_ => _value++);
        Command<Increment>(_ => Persist(new Incremented(), _ =>
        {
            _value++;
            Sender.Tell(Answer());
        }));
        Command<Get>(_ => Sender.Tell(Answer()));
        Command<Stop>(_ => Context.Stop(Self));
    }

    /// <inheritdoc />
    public override string PersistenceId { get; }

    private CounterValue Answer() => new(_id, _value, _node);

    /// <summary>A command for the counter <see cref="Id"/>: what sharding routes by.</summary>
    public interface ICommand
    {
        /// <summary>The counter's id, also its entity id.</summary>
        string Id { get; }
    }

    /// <summary>Adds one; answered with the new <see cref="CounterValue"/> once persisted.</summary>
    public sealed record Increment(string Id) : ICommand;

    /// <summary>Answered with the current <see cref="CounterValue"/>.</summary>
    public sealed record Get(string Id) : ICommand;

    /// <summary>The counter's answer: its value, and the node the counter runs on.</summary>
    public sealed record CounterValue(string Id, long Value, string Node);

    /// <summary>The hand-off stop message: the shard sends it when it moves the counter to another node.</summary>
    public sealed class Stop
    {
        public static readonly Stop Instance = new();

        private Stop()
        {
        }
    }

    /// <summary>The one event: the counter went up by one.</summary>
    public sealed record Incremented;

    /// <summary>Routes commands by counter id; shards are the id's hash modulo <see cref="MaxShards"/>.</summary>
    public sealed class MessageExtractor() : HashCodeMessageExtractor(MaxShards)
    {
        /// <summary>Ten shards per node of a three-node cluster: enough to spread, few enough to hand off quickly.</summary>
        public const int MaxShards = 30;

        public override string? EntityId(object message) => (message as ICommand)?.Id;
    }
}
