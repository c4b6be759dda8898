using System.Diagnostics;

namespace AkkaRunGroup.Tests.Reliability;

/// <summary>Checks that what runs held is gone, and counts what a process or ActorSystem holds.</summary>
public static class LeakChecks
{
    /// <summary>
    /// Waits, collecting garbage, until every anchor is gone: an anchor that survives is held by something a run
    /// left behind (a timer, a token registration, an actor, a subscription).
    /// </summary>
    public static Task AssertCollectedAsync(IEnumerable<WeakReference> anchors) =>
        AssertCollectedAsync(anchors.Select(a => KeyValuePair.Create(a, "")));

    /// <summary>The same, naming in its message the runs whose anchor survives.</summary>
    public static async Task AssertCollectedAsync(IEnumerable<KeyValuePair<WeakReference, string>> named)
    {
        var names = named.ToList();
        var all = names.Select(n => n.Key).ToList();
        var deadline = Stopwatch.StartNew();
        int alive;
        while ((alive = Collect(all)) > 0 && deadline.Elapsed < RunGroupTestKit.Bound)
        {
            // Akka drops its last references (mailboxes, the scheduler's cancelled timers) on its own threads.
            await Task.Delay(100);
        }

        var survivors = string.Join(", ", names.Where(n => n.Key.IsAlive && n.Value.Length > 0).Select(n => n.Value).Take(10));
        Assert.True(alive == 0, $"{alive} of {all.Count} runs are still reachable after the runs completed{(survivors.Length > 0 ? ": " + survivors : "")}");
    }

    /// <summary>The number of live actors in <paramref name="system"/>, its own included, counted from the root guardian.</summary>
    public static int CountActors(ActorSystem system)
    {
        static int Count(IActorRef actor) =>
            1 + (actor is ActorRefWithCell cell ? cell.Children.Sum(Count) : 0);

        return Count(((ExtendedActorSystem)system).Provider.RootGuardian);
    }

    public static int ThreadCount() => Process.GetCurrentProcess().Threads.Count;

    private static int Collect(List<WeakReference> anchors)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return anchors.Count(a => a.IsAlive);
    }
}
