using Akka.Actor;

namespace AkkaRunGroup.Benchmarks.Baselines;

/// <summary>The baselines' child: it does nothing but live, so its cost is Akka's cost of an actor's life.</summary>
internal sealed class TrivialChild : ActorBase
{
    /// <summary>The one Props every trivial child is spawned from.</summary>
    public static readonly Props Props = Props.CreateBy(new Producer<TrivialChild>(static () => new TrivialChild()));

    protected override bool Receive(object message) => false;
}

/// <summary>Creates the baselines' actors from a delegate, without reflection or expression compilation.</summary>
internal sealed class Producer<T>(Func<T> create) : IIndirectActorProducer
    where T : ActorBase
{
    public Type ActorType => typeof(T);

    public ActorBase Produce() => create();

    public void Release(ActorBase actor)
    {
    }
}
