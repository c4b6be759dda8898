using Akka.Actor;

namespace AkkaRunGroup.Benchmarks.Baselines;

/// <summary>
/// Baseline, not part of the library: the least Akka.NET charges for the life of N child actors. A top-level parent
/// spawns N trivial children from one cached Props, watches each, stops each, and stops itself once it has seen every
/// Terminated; the run ends in its PostStop, as a run group's does.
/// </summary>
public static class AkkaFloor
{
    public static Task RunAsync(ActorSystem system, int children)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        system.ActorOf(Props.CreateBy(new Producer<Parent>(() => new Parent(children, done))));
        return done.Task;
    }

    private sealed class Parent(int children, TaskCompletionSource done) : ActorBase
    {
        private int _alive;

        protected override void PreStart()
        {
            var spawned = new IActorRef[children];
            for (var i = 0; i < spawned.Length; i++)
            {
                spawned[i] = Context.Watch(Context.ActorOf(TrivialChild.Props));
            }

            _alive = spawned.Length;
            foreach (var child in spawned)
            {
                Context.Stop(child);
            }
        }

        protected override bool Receive(object message)
        {
            if (message is Terminated && --_alive == 0)
            {
                Context.Stop(Self);
            }

            return true;
        }

        protected override void PostStop() => done.TrySetResult();
    }
}
