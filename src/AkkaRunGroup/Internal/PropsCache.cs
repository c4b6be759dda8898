using System.Collections.Concurrent;
using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The cached Props of the library's own actors, one per actor type and dispatcher, with the lean
/// mailbox. Setting a mailbox or a dispatcher on a Props builds a new Deploy, and Akka parses an empty HOCON document
/// for each Deploy: a run reuses these instead.
/// </summary>
internal static class PropsCache
{
    private static readonly ConcurrentDictionary<(Type Actor, string Dispatcher), Props> ByActorAndDispatcher = new();

    /// <summary>The Props of <typeparamref name="TActor"/> on <paramref name="dispatcher"/> (empty: Akka's default dispatcher).</summary>
    /// <param name="dispatcher">The dispatcher's id.</param>
    /// <param name="producer">Creates the actors of these Props, without reflection or expression compilation.</param>
    public static Props For<TActor>(string dispatcher, IIndirectActorProducer producer)
        where TActor : ActorBase =>
        ByActorAndDispatcher.GetOrAdd((typeof(TActor), dispatcher), static (key, producer) =>
        {
            var props = Props.CreateBy(producer).WithMailbox(LeanMailbox.ConfigPath);
            return key.Dispatcher.Length == 0 ? props : props.WithDispatcher(key.Dispatcher);
        }, producer);
}
