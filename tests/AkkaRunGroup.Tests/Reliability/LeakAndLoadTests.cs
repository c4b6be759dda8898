using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Akka.Configuration;
using Xunit.Abstractions;

namespace AkkaRunGroup.Tests.Reliability;

/// <summary>Many runs leak nothing; many groups at once stay independent.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class LeakAndLoadTests(ITestOutputHelper output)
{
    /// <summary>Dedicated threads are joined before each run completes; this allows for the thread pool's own growth.</summary>
    private const int ThreadTolerance = 8;

    /// <summary>
    /// Allows for Akka's and the runtime's caches; a leak of 1,000 runs, each several actors, mailboxes, members and
    /// delegates, is well above it (and the anchors below catch even one leaked run).
    /// </summary>
    private const long MemoryTolerance = 2 * 1024 * 1024;

    [Fact]
    public async Task A_thousand_runs_leave_actors_threads_and_memory_at_their_baseline()
    {
        // A long interrupt timeout and a token that outlives every run: a run that left its timer scheduled or its
        // token registration in place would stay reachable, and its anchor alive.
        var system = ActorSystem.Create("leaks", ConfigurationFactory.ParseString($"akka.run-group.interrupt-timeout = 1h\n{ChaosRunner.QuietConfig}"));
        using var longLived = new CancellationTokenSource();
        try
        {
            var warmUp = new List<WeakReference>();
            await RunManyAsync(system, 100, longLived.Token, warmUp);
            await LeakChecks.AssertCollectedAsync(warmUp);
            var actorsBefore = LeakChecks.CountActors(system);
            var threadsBefore = LeakChecks.ThreadCount();
            var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);

            var anchors = new List<WeakReference>();
            await RunManyAsync(system, 1_000, longLived.Token, anchors);

            await LeakChecks.AssertCollectedAsync(anchors);
            var memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
            var actorsAfter = LeakChecks.CountActors(system);
            var threadsAfter = LeakChecks.ThreadCount();
            output.WriteLine($"actors {actorsBefore} -> {actorsAfter}, threads {threadsBefore} -> {threadsAfter}, managed memory {memoryBefore:N0} -> {memoryAfter:N0} bytes");
            Assert.Equal(actorsBefore, actorsAfter);
            Assert.InRange(threadsAfter, 0, threadsBefore + ThreadTolerance);
            Assert.InRange(memoryAfter, 0, memoryBefore + MemoryTolerance);
        }
        finally
        {
            await system.Terminate().WaitAsync(RunGroupTestKit.Bound);
        }
    }

    /// <summary>
    /// Akka keeps the sender of the last message an actor read, and a top-level actor's reference keeps its Props: a
    /// logger whose last line came from a GroupSupervisor, and a subscriber whose last event did, hold that
    /// GroupSupervisor's reference until they read something else, however long that is. The run must not be
    /// reachable through it.
    /// </summary>
    /// <remarks>
    /// No synchronous member: a run that has one completes, and logs its last line and publishes its last event, from
    /// the thread pool, where they have no sender.
    /// </remarks>
    [Fact]
    public async Task A_completed_run_is_collected_while_a_logger_still_holds_its_group_supervisor()
    {
        var system = ActorSystem.Create("last-sender", ChaosRunner.LoggingConfig);
        try
        {
            var subscriber = system.ActorOf(Props.Create<TestActors.Ignoring>(), "subscriber");
            system.EventStream.Subscribe(subscriber, typeof(RunGroupEvent));
            var anchor = await RunLoggedAsync(system).WaitAsync(RunGroupTestKit.Bound);
            var guardian = (ActorRefWithCell)((ExtendedActorSystem)system).SystemGuardian;
            var logger = (ActorCell)guardian.Children.OfType<ActorRefWithCell>()
                .Single(c => c.Path.Name.EndsWith(nameof(ChaosLogger), StringComparison.Ordinal)).Underlying;
            var listener = (ActorCell)((ActorRefWithCell)subscriber).Underlying;
            // The run's last line and event, its completion, reach them after the run has completed.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while ((logger.Sender?.Path.Name != "logged" || listener.Sender?.Path.Name != "logged") && clock.Elapsed < RunGroupTestKit.Bound)
            {
                await Task.Delay(10);
            }

            Assert.Equal("logged", logger.Sender?.Path.Name);
            Assert.Equal("logged", listener.Sender?.Path.Name);
            await LeakChecks.AssertCollectedAsync([anchor]);
        }
        finally
        {
            await system.Terminate().WaitAsync(RunGroupTestKit.Bound);
        }
    }

    [Fact]
    public async Task A_thousand_groups_interrupted_from_outside_all_complete_without_affecting_one_another()
    {
        const int groups = 1_000;
        var system = ActorSystem.Create("load", ChaosRunner.QuietConfig);
        try
        {
            var started = new CountdownEvent(2 * groups);
            var tokens = new CancellationTokenSource[groups];
            var interruptedWith = new ConcurrentDictionary<(int Group, string Member), Exception?>();
            var runs = new Task<RunResult>[groups];
            for (var g = 0; g < groups; g++)
            {
                var index = g;
                var release = new ManualResetEventSlim();
                tokens[g] = new CancellationTokenSource();
                runs[g] = new RunGroup($"load-{g}")
                    .Add(() => { started.Signal(); release.WaitBounded(); return null; }, e => { interruptedWith[(index, "sync")] = e; release.Set(); }, "sync")
                    .Add(token => { started.Signal(); return Task.Delay(Timeout.Infinite, token); }, e => interruptedWith[(index, "async")] = e, "async")
                    .AddActor(Props.Create<TestActors.Obedient>(), "actor", e => { interruptedWith[(index, "actor")] = e; return "stop"; })
                    .RunAsync(system, tokens[g].Token);
            }

            Assert.True(started.Wait(RunGroupTestKit.Bound), "not every member started");
            // Each group's supervisor and its three members are alive at once, in the one system.
            Assert.InRange(LeakChecks.CountActors(system), 4 * groups, int.MaxValue);

            // Interrupt the even groups: only they complete, and no odd group's member sees any interrupt.
            for (var g = 0; g < groups; g += 2)
            {
                tokens[g].Cancel();
            }

            await Task.WhenAll(runs.Where((_, g) => g % 2 == 0)).WaitAsync(RunGroupTestKit.Bound);
            Assert.All(runs.Where((_, g) => g % 2 == 1), r => Assert.False(r.IsCompleted));
            Assert.DoesNotContain(interruptedWith.Keys, k => k.Group % 2 == 1);

            for (var g = 1; g < groups; g += 2)
            {
                tokens[g].Cancel();
            }

            var results = await Task.WhenAll(runs).WaitAsync(RunGroupTestKit.Bound);
            for (var g = 0; g < groups; g++)
            {
                var result = results[g];
                var error = Assert.IsAssignableFrom<OperationCanceledException>(result.Error);
                Assert.Equal(tokens[g].Token, error.CancellationToken);
                Assert.Null(result.FirstExited);
                Assert.All(result.Members, m => Assert.True(m.Interrupted && !m.Abandoned, m.ToString()));
                foreach (var member in new[] { "sync", "async", "actor" })
                {
                    Assert.Same(result.Error, interruptedWith[(g, member)]);
                }
            }

            var left = await system.ActorSelection("/user/*").Ask<ActorIdentity>(new Identify("any"), RunGroupTestKit.Bound);
            Assert.Null(left.Subject);
        }
        finally
        {
            await system.Terminate().WaitAsync(RunGroupTestKit.Bound);
        }
    }

    private static async Task RunManyAsync(ActorSystem system, int runs, CancellationToken token, List<WeakReference> anchors)
    {
        for (var i = 0; i < runs; i++)
        {
            var result = await StartOne(system, i, token, anchors).WaitAsync(RunGroupTestKit.Bound);
            Assert.Equal("stopper", result.FirstExited);
        }
    }

    /// <summary>Runs one group whose members of every kind but the synchronous hold an anchor; returns a weak reference to it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> RunLoggedAsync(ActorSystem system)
    {
        var (run, anchor) = StartLogged(system);
        var result = await run;
        Assert.Equal("fails", result.FirstExited);
        return anchor;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (Task<RunResult> Run, WeakReference Anchor) StartLogged(ActorSystem system)
    {
        var anchor = new object();
        var nested = new RunGroup("logged-nested")
            .Add(t => { GC.KeepAlive(anchor); return Task.Delay(Timeout.Infinite, t); }, name: "async");
        var run = new RunGroup("logged")
            .Add(t => { GC.KeepAlive(anchor); return Task.Delay(Timeout.Infinite, t); }, _ => GC.KeepAlive(anchor), "async")
            .AddActor(Props.Create<Holding>(anchor), "actor", _ => "stop")
            .Add(nested, "nested")
            .Add(_ => { GC.KeepAlive(anchor); return Task.FromException(new InvalidOperationException("fails")); }, name: "fails")
            .RunAsync(system);
        return (run, new WeakReference(anchor));
    }

    /// <summary>An actor member whose Props hold an anchor; it stops at its interrupt.</summary>
    private sealed class Holding : ReceiveActor
    {
        private readonly object _anchor;

        public Holding(object anchor)
        {
            _anchor = anchor;
            ReceiveAny(_ => Context.Stop(Self));
        }

        protected override void PostStop() => GC.KeepAlive(_anchor);
    }

    /// <summary>Builds and starts one run in its own frame, so that only the run itself can keep its anchor alive.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task<RunResult> StartOne(ActorSystem system, int i, CancellationToken token, List<WeakReference> anchors)
    {
        var anchor = new object();
        anchors.Add(new WeakReference(anchor));
        var release = new ManualResetEventSlim();
        return new RunGroup($"leak-{i}")
            .Add(() => { GC.KeepAlive(anchor); release.WaitBounded(); return null; }, _ => release.Set(), "sync")
            .Add(t => { GC.KeepAlive(anchor); return Task.Delay(Timeout.Infinite, t); }, name: "async")
            .AddActor(Props.Create<TestActors.Obedient>(), "actor", _ => "stop")
            .Add(() => new Exception("stop"), _ => { }, "stopper")
            .RunAsync(system, token);
    }
}
