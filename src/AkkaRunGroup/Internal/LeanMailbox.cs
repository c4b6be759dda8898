using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The mailbox type of the actors the library creates (GroupSupervisors and member actors), configured
/// at <c>akka.run-group.lean-mailbox</c>. A member actor receives a handful of messages in its life (its Interrupt,
/// rarely more) and a GroupSupervisor one per member, yet Akka's default unbounded mailbox allocates a
/// ConcurrentQueue with a 32-slot segment (about 0.9 KB) for every actor up front. This one allocates nothing until
/// the first message arrives, then grows with the messages waiting.
/// </summary>
internal sealed class LeanMailbox : MailboxType, IProducesMessageQueue<LeanMessageQueue>
{
    public const string ConfigPath = "akka.run-group.lean-mailbox";

    public LeanMailbox(Settings settings, Config config)
        : base(settings, config)
    {
    }

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new LeanMessageQueue();
}

/// <summary>
/// INTERNAL API. An unbounded, lock-protected queue whose storage is created with the first message. Contention is
/// low here: a member actor's messages come from the GroupSupervisor, one or two in its life, and most of a
/// GroupSupervisor's (Terminated) are enqueued by its own thread.
/// </summary>
internal sealed class LeanMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
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
        // The mailbox polls until the queue is empty, and cleans up an empty queue: answer those without the lock. A
        // message being enqueued meanwhile schedules the mailbox again once it is in.
        if (_count == 0)
        {
            envelope = default;
            return false;
        }

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
