using Akka.Actor;

namespace AkkaRunGroup.Benchmarks.Baselines;

/// <summary>
/// Reference, not part of the library and not a floor for its design: the lives of N trivial children alone, spawned
/// by one long-lived parent that is reused for every operation. It is the Akka floor without its per-run parent, so it
/// shows what a group would cost with no GroupSupervisor of its own, one child actor per member and nothing else.
/// </summary>
public sealed class AkkaChildrenOnly
{
    private readonly IActorRef _parent;

    public AkkaChildrenOnly(ActorSystem system) =>
        _parent = system.ActorOf(Props.CreateBy(new Producer<Parent>(static () => new Parent())), "children-only-parent");

    /// <summary>Spawns, watches and stops <paramref name="children"/> children; completes once every Terminated arrived.</summary>
    public Task RunAsync(int children)
    {
        var request = new Request(children, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _parent.Tell(request);
        return request.Done.Task;
    }

    private sealed record Request(int Children, TaskCompletionSource Done)
    {
        public int Alive { get; set; } = Children;
    }

    private sealed class Parent : ActorBase
    {
        private readonly Dictionary<IActorRef, Request> _requestOf = [];

        protected override bool Receive(object message)
        {
            switch (message)
            {
                case Request request:
                    for (var i = 0; i < request.Children; i++)
                    {
                        var child = Context.Watch(Context.ActorOf(TrivialChild.Props));
                        _requestOf.Add(child, request);
                        Context.Stop(child);
                    }

                    return true;
                case Terminated terminated when _requestOf.Remove(terminated.ActorRef, out var owner):
                    if (--owner.Alive == 0)
                    {
                        owner.Done.TrySetResult();
                    }

                    return true;
                default:
                    return false;
            }
        }
    }
}
