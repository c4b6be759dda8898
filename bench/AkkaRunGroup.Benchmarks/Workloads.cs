using Akka.Actor;
using Akka.Configuration;
using AkkaRunGroup.Benchmarks.Baselines;

namespace AkkaRunGroup.Benchmarks;

/// <summary>
/// The measured workloads. "Full cycle N": member 0 exits with an error at once, members 1..N-1 wait until their
/// interrupt releases them; timed from the call of Run to its completion. The library and the plain-Task baseline run
/// the same member bodies; the Akka floor spawns, watches and stops N trivial children.
/// </summary>
public static class Workloads
{
    private static readonly Exception FirstError = new InvalidOperationException("member 0 exits at once");

    /// <summary>
    /// The benchmarks' ActorSystem: Akka's defaults, but logging at Warning, so that the two Info lines a run writes
    /// (first exit, completion) do not turn the benchmark into a console benchmark.
    /// </summary>
    public static ActorSystem CreateSystem() => ActorSystem.Create(
        "bench",
        ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING"));

    public static Task<RunResult> RunGroupCycle(ActorSystem system, int members, bool sync) =>
        BuildRunGroup(members, sync).RunAsync(system);

    /// <summary>Builds the run group of one cycle; the cycle is its <c>RunAsync</c>.</summary>
    public static RunGroup BuildRunGroup(int members, bool sync) => AddMembers(
        new RunGroup("bench"),
        members,
        sync,
        static (g, execute, interrupt) => g.Add(execute, interrupt),
        static (g, execute, interrupt) => g.Add(execute, interrupt));

    public static Task<Exception?> PlainTaskCycle(int members, bool sync) => BuildPlainTaskGroup(members, sync).RunAsync();

    /// <summary>Builds the plain-Task group of one cycle; the cycle is its <c>RunAsync</c>.</summary>
    public static PlainTaskGroup BuildPlainTaskGroup(int members, bool sync) => AddMembers(
        new PlainTaskGroup(),
        members,
        sync,
        static (g, execute, interrupt) => g.Add(execute, interrupt),
        static (g, execute, interrupt) => g.Add(execute, interrupt));

    /// <summary>
    /// Adds the cycle's members, the same for the library and the plain-Task baseline: member 0 exits with an error at
    /// once, the others wait until their interrupt releases them. The adders are static lambdas: nothing is
    /// allocated for them, so building allocates what the group's own Add calls do.
    /// </summary>
    private static TGroup AddMembers<TGroup>(
        TGroup group,
        int members,
        bool sync,
        Action<TGroup, Func<Exception?>, Action<Exception?>> addSync,
        Action<TGroup, Func<CancellationToken, Task>, Action<Exception?>?> addAsync)
    {
        if (sync)
        {
            addSync(group, static () => FirstError, static _ => { });
            for (var i = 1; i < members; i++)
            {
                var released = new ManualResetEventSlim();
                addSync(group, () => { released.Wait(); return null; }, _ => released.Set());
            }
        }
        else
        {
            addAsync(group, static _ => Task.FromException(FirstError), null);
            for (var i = 1; i < members; i++)
            {
                var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                addAsync(group, _ => released.Task, _ => released.TrySetResult());
            }
        }

        return group;
    }

    public static Task AkkaFloorCycle(ActorSystem system, int members) => AkkaFloor.RunAsync(system, members);

    public static async Task RunGroupPairs(ActorSystem system, int groups)
    {
        for (var i = 0; i < groups; i++)
        {
            await RunGroupCycle(system, 2, sync: false).ConfigureAwait(false);
        }
    }

    public static async Task PlainTaskPairs(int groups)
    {
        for (var i = 0; i < groups; i++)
        {
            await PlainTaskCycle(2, sync: false).ConfigureAwait(false);
        }
    }

    public static async Task AkkaFloorPairs(ActorSystem system, int groups)
    {
        for (var i = 0; i < groups; i++)
        {
            await AkkaFloor.RunAsync(system, 2).ConfigureAwait(false);
        }
    }

    /// <summary>Throws unless the library's and the baseline's cycles end as the workload says: member 0 first, with its error.</summary>
    public static async Task VerifyAsync(ActorSystem system)
    {
        foreach (var sync in new[] { false, true })
        {
            var result = await RunGroupCycle(system, 3, sync);
            if (result.Error != FirstError || result.FirstExited != "member-0" || result.Members.Count(m => m.Interrupted) < 2)
            {
                throw new InvalidOperationException($"The run group cycle ended unexpectedly: {result}");
            }

            if (await PlainTaskCycle(3, sync) != FirstError)
            {
                throw new InvalidOperationException("The plain-Task cycle ended with the wrong error.");
            }
        }
    }
}
