using Akka.TestKit;
using AkkaRunGroup.Internal;

namespace AkkaRunGroup.Tests.Internal;

/// <summary>
/// A GroupSupervisor started by hand on a <see cref="RunPlan"/> of <see cref="ProbeMember"/>s and watched by a probe.
/// The test plays the members: it stops their actors, and sends the GroupSupervisor what members report by message.
/// </summary>
internal sealed class SupervisedRun
{
    /// <summary>How long "nothing more yet" is looked for: a check that something has not happened, never a timing assertion.</summary>
    private static readonly TimeSpan NotYet = TimeSpan.FromMilliseconds(200);

    private static readonly TimeSpan Bound = RunGroupTestKit.Bound;

    private readonly TestKitBase _kit;

    public SupervisedRun(TestKitBase kit, params string[] names)
    {
        _kit = kit;
        Reports = kit.CreateTestProbe();
        Watcher = kit.CreateTestProbe();
        Members = [.. names.Select((name, i) => new ProbeMember(name, i, Reports.Ref))];
    }

    /// <summary>Receives the members' reports, in the order the GroupSupervisor made its calls.</summary>
    public TestProbe Reports { get; }

    /// <summary>Watches the GroupSupervisor.</summary>
    public TestProbe Watcher { get; }

    public ProbeMember[] Members { get; }

    public RunPlan Plan { get; private set; } = null!;

    public IActorRef Supervisor { get; private set; } = ActorRefs.Nobody;

    public ProbeMember this[string name] => Array.Find(Members, m => m.Name == name)!;

    /// <summary>Starts the GroupSupervisor, by default with no interrupt timeout, and waits until every member that can start has.</summary>
    public SupervisedRun Start(InterruptOrder order = InterruptOrder.Concurrent, TimeSpan? interruptTimeout = null)
    {
        Plan = new RunPlan("probed", Members, RunGroupSettings.Create(_kit.Sys), _kit.Sys, order, interruptTimeout ?? Timeout.InfiniteTimeSpan, drainDelay: TimeSpan.Zero, nested: false);
        Supervisor = GroupSupervisorProps.StartTopLevel(Plan);
        Watcher.Watch(Supervisor);
        foreach (var member in Members.Where(m => m.StartError is null))
        {
            Reports.ExpectMsg<WasStarted>(s => s.Member == member.Name, Bound);
        }

        return this;
    }

    /// <summary>Stops the member's actor, its exit's error <paramref name="error"/>, and waits until the GroupSupervisor has seen it stop.</summary>
    public void Exit(string name, Exception? error = null)
    {
        this[name].ExitError = error;
        this[name].Actor.Tell(PoisonPill.Instance);
        Reports.ExpectMsg(new SawExit(name, null), Bound);
    }

    /// <summary>The next report is that <paramref name="name"/> was interrupted.</summary>
    public WasInterrupted ExpectInterrupted(string name) => Reports.ExpectMsg<WasInterrupted>(i => i.Member == name, Bound);

    /// <summary>
    /// The GroupSupervisor has handled everything sent to it so far and still runs, its run not complete, and no
    /// member has been called since the last report the test took.
    /// </summary>
    public async Task AssertStillRunningAsync()
    {
        var identity = await Supervisor.Ask<ActorIdentity>(new Identify(null), Bound);
        Assert.Equal(Supervisor, identity.Subject);
        Assert.False(Plan.Completion.Task.IsCompleted);
        Reports.ExpectNoMsg(NotYet);
    }

    /// <summary>Awaits the run's completion and the GroupSupervisor's stop.</summary>
    public async Task<RunResult> CompletedAsync()
    {
        var result = await Plan.Completion.Task.Bounded();
        Watcher.ExpectTerminated(Supervisor, Bound);
        return result;
    }
}
