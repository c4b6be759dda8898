using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Persistence;

namespace ClusterService;

/// <summary>
/// A counter, one per id, sharded across the cluster and event-sourced: an increment is answered only once its event
/// is in the journal, and a counter started on another node (after a hand-off or a crash) replays its events. Each
/// increment carries a request id, kept in its event: an increment sent again with an id the counter remembers is
/// answered with the value it got the first time and not counted again, so that a caller may always send again what
/// was not answered (Akka's hand-off drops the few messages that reach a region in the middle of it).
/// </summary>
internal sealed class Counter : ReceivePersistentActor
{
    /// <summary>How many request ids a counter remembers: an id older than its last 1,000 increments counts again.</summary>
    public const int RememberedRequests = 1_000;

    private readonly string _id;
    private readonly string _node;
    private readonly Dictionary<string, long> _answered = [];
    private readonly Queue<string> _requests = new();
    private long _value;

    public Counter(string id)
    {
        _id = id;
        _node = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();
        PersistenceId = $"counter-{id}";
        Recover<Incremented>(Apply);
        Command<Increment>(increment =>
        {
            if (_answered.TryGetValue(increment.RequestId, out var value))
            {
                Sender.Tell(new CounterValue(_id, value, _node));
                return;
            }

            // Commands that arrive while the event is written wait (Persist stashes them): a repeat finds the id.
            Persist(new Incremented(increment.RequestId), incremented =>
            {
                Apply(incremented);
                Sender.Tell(Answer());
            });
        });
        Command<Get>(_ => Sender.Tell(Answer()));
        Command<Stop>(_ => Context.Stop(Self));
    }

    /// <inheritdoc />
    public override string PersistenceId { get; }

    private CounterValue Answer() => new(_id, _value, _node);

    private void Apply(Incremented incremented)
    {
        _value++;
        if (incremented.RequestId is not { } request)
        {
            return;
        }

        _answered[request] = _value;
        _requests.Enqueue(request);
        if (_requests.Count > RememberedRequests)
        {
            _answered.Remove(_requests.Dequeue());
        }
    }

    /// <summary>A command for the counter <see cref="Id"/>: what sharding routes by.</summary>
    public interface ICommand
    {
        /// <summary>The counter's id, also its entity id.</summary>
        string Id { get; }
    }

    /// <summary>
    /// Adds one, once per <paramref name="RequestId"/>; answered with the new <see cref="CounterValue"/> once persisted,
    /// and a repeat of a remembered request id with the value its first answer had.
    /// </summary>
    public sealed record Increment(string Id, string RequestId) : ICommand;

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

    /// <summary>The one event: the counter went up by one, for the request <paramref name="RequestId"/> (null in events written without one).</summary>
    public sealed record Incremented(string? RequestId);

    /// <summary>Routes commands by counter id; shards are the id's hash modulo <see cref="MaxShards"/>.</summary>
    public sealed class MessageExtractor() : HashCodeMessageExtractor(MaxShards)
    {
        /// <summary>Ten shards per node of a three-node cluster: enough to spread, few enough to hand off quickly.</summary>
        public const int MaxShards = 30;

        public override string? EntityId(object message) => (message as ICommand)?.Id;
    }
}
