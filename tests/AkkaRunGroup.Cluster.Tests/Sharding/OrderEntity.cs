using Akka.Cluster.Sharding;

namespace AkkaRunGroup.Cluster.Tests.Sharding;

/// <summary>A sharded entity that records every ping it receives, and its hand-off stop message, in the journal.</summary>
public sealed class OrderEntity : ReceiveActor
{
    public const string TypeName = "order";

    public OrderEntity(HandOffJournal journal)
    {
        var entity = Self.Path.Name;
        var node = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.Port ?? 0;
        Receive<Ping>(ping =>
        {
            journal.Add(HandOffJournal.Kind.Received, entity, node, ping.Seq);
            Sender.Tell(new Pong(ping.Entity, ping.Seq, node));
        });
        Receive<HandOffStop>(_ =>
        {
            journal.Add(HandOffJournal.Kind.Stopped, entity, node);
            Context.Stop(Self);
        });
    }

    public sealed record Ping(string Entity, long Seq);

    public sealed record Pong(string Entity, long Seq, int Node);

    /// <summary>The hand-off stop message: the region sends it to each entity of a shard it hands off.</summary>
    public sealed class HandOffStop
    {
        public static readonly HandOffStop Instance = new();

        private HandOffStop()
        {
        }
    }

    /// <summary>One shard per entity, so that the shards spread over every region.</summary>
    public sealed class Extractor : IMessageExtractor
    {
        public string? EntityId(object message) => (message as Ping)?.Entity;

        public object? EntityMessage(object message) => message;

        [Obsolete("Akka's older overload; the entity id is the shard id.")]
        public string? ShardId(object message) => EntityId(message);

        public string ShardId(string entityId, object? messageHint = null) => entityId;
    }
}
