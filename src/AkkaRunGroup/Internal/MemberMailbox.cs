using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The mailbox type of member actors, configured at <c>akka.run-group.member-mailbox</c>. A member
/// actor receives a handful of messages in its life (its Interrupt, rarely more), yet Akka's default unbounded
/// mailbox allocates a ConcurrentQueue with a 32-slot segment (about 0.9 KB) for every actor up front. This one
/// allocates nothing until the first message arrives.
/// </summary>
internal sealed class MemberMailbox : MailboxType, IProducesMessageQueue<MemberMessageQueue>
{
    public const string ConfigPath = "akka.run-group.member-mailbox";

    public MemberMailbox(Settings settings, Config config)
        : base(settings, config)
    {
    }

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new MemberMessageQueue();
}

/// <summary>
/// INTERNAL API. An unbounded, lock-protected queue whose storage is created with the first message. Contention is
/// nil here: a member actor's messages come from the GroupSupervisor, one or two in its life.
/// </summary>
internal sealed class MemberMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    private Queue<Envelope>? _queue;
    private volatile int _count;

    public bool HasMessages => _count > 0;

    public int Count => _count;

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        lock (this)
        {
            (_queue ??= new Queue<Envelope>(2)).Enqueue(envelope);
            _count = _queue.Count;
        }
    }

    public bool TryDequeue(out Envelope envelope)
    {
        lock (this)
        {
            if (_queue is { Count: > 0 } queue)
            {
                envelope = queue.Dequeue();
                _count = queue.Count;
                return true;
            }
        }

        envelope = default;
        return false;
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope))
        {
            deadletters.Enqueue(owner, envelope);
        }
    }
}
