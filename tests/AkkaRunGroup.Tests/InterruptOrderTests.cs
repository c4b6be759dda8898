using System.Collections.Concurrent;
using Akka.Configuration;
using Xunit.Abstractions;

namespace AkkaRunGroup.Tests;

/// <summary>Ordered shutdown: interrupt-order = reverse interrupts one member at a time, last added first.</summary>
public sealed class InterruptOrderTests(ITestOutputHelper output) : RunGroupTestKit(output)
{
    [Fact]
    public async Task Reverse_order_interrupts_one_member_at_a_time_after_the_previous_exited()
    {
        const int n = 5;
        var log = new ConcurrentQueue<string>();
        var group = new RunGroup("ordered").WithInterruptOrder(InterruptOrder.Reverse);
        for (var i = 0; i < n; i++)
        {
            var name = $"m{i}";
            var release = new ManualResetEventSlim();
            group.Add(() => { release.WaitBounded(); log.Enqueue($"exit {name}"); return null; }, _ => { log.Enqueue($"interrupt {name}"); release.Set(); }, name);
        }

        group.Add(() => new Exception("stop"), _ => log.Enqueue("interrupt stopper"), "stopper");
        var result = await group.RunAsync(Sys).Bounded();

        Assert.Equal("stopper", result.FirstExited);
        string[] expected = ["interrupt stopper", .. Enumerable.Range(0, n).Reverse().SelectMany(i => new[] { $"interrupt m{i}", $"exit m{i}" })];
        Assert.Equal(expected, log);
    }

    /// <summary>Found by the random suite (seed 2HzCIB87GqV3): such a member was interrupted as soon as it exited.</summary>
    [Fact]
    public async Task A_member_that_exits_on_its_own_during_the_reverse_order_is_interrupted_only_at_its_turn()
    {
        var log = new ConcurrentQueue<string>();
        var m0Exits = new ManualResetEventSlim();
        var m1Exits = new ManualResetEventSlim();
        var exits = CreateTestProbe();
        Sys.EventStream.Subscribe(exits.Ref, typeof(MemberExited));
        var group = new RunGroup("ordered-own-exit").WithInterruptOrder(InterruptOrder.Reverse)
            .Add(() => { m0Exits.WaitBounded(); log.Enqueue("exit m0"); return null; }, _ => log.Enqueue("interrupt m0"), "m0")
            .Add(
                () => { m1Exits.WaitBounded(); return null; },
                _ =>
                {
                    log.Enqueue("interrupt m1");
                    // m0 exits on its own while m1's turn lasts; the GroupSupervisor has seen it once it publishes the exit.
                    m0Exits.Set();
                    exits.FishForMessage<MemberExited>(e => e.Group == "ordered-own-exit" && e.Member == "m0", Bound);
                    log.Enqueue("m1 interrupt returns");
                    m1Exits.Set();
                },
                "m1")
            .Add(() => new Exception("stop"), _ => log.Enqueue("interrupt stopper"), "stopper");

        var result = await group.RunAsync(Sys).Bounded();

        Assert.Equal("stopper", result.FirstExited);
        Assert.Equal(["interrupt stopper", "interrupt m1", "exit m0", "m1 interrupt returns", "interrupt m0"], log);
        Assert.False(result.Members[0].Interrupted);
    }

    /// <summary>
    /// Found by the random suite (seed bq5TJQORdrjl): when the order ended with a member still running, the run was
    /// completed before the GroupSupervisor had seen the last members' actors stop, and their exit was never published.
    /// </summary>
    [Fact]
    public async Task When_the_order_ends_with_a_member_abandoned_every_other_members_exit_is_still_published()
    {
        using var system = ActorSystem.Create("ordered-abandon", ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.run-group.interrupt-timeout = 3s
            """));
        // Each turn has the whole timeout: "deaf" holds its turn for all of it, the members that obey need a fraction
        // of it even on a loaded machine (at 1 s, a full test run once abandoned m0 too).
        var collector = system.ActorOf(Props.Create<Reliability.EventCollector>());
        system.EventStream.Subscribe(collector, typeof(RunGroupEvent));
        using var release = new ManualResetEventSlim();
        var runs = Enumerable.Range(0, 10).Select(g =>
        {
            var group = new RunGroup($"ordered-abandon-{g}").WithInterruptOrder(InterruptOrder.Reverse);
            for (var i = 0; i < 5; i++)
            {
                // Its interrupt returns once its execute's thread has ended, so once the member has recorded its exit
                // and asked its actor to stop: the GroupSupervisor hears of the return before the actor has stopped.
                var gate = new ManualResetEventSlim();
                Thread? execute = null;
                group.Add(
                    () => { execute = Thread.CurrentThread; gate.WaitBounded(); return null; },
                    _ => { gate.Set(); Assert.True(execute!.Join(Bound)); },
                    $"m{i}");
            }

            return group
                .Add(() => { release.WaitBounded(); return null; }, _ => { }, "deaf")
                .Add(() => new Exception("stop"), _ => { }, "stopper")
                .RunAsync(system);
        }).ToList();

        var results = await Task.WhenAll(runs).Bounded();
        release.Set();

        foreach (var result in results)
        {
            Assert.Equal(["deaf"], result.Abandoned.Select(m => m.Name));
            var events = await collector.Ask<List<RunGroupEvent>>(new Reliability.EventCollector.Take(result.Group), Bound);
            var exited = events.OfType<MemberExited>().Select(e => e.Member).Order().ToList();
            Assert.Equal(["m0", "m1", "m2", "m3", "m4", "stopper"], exited);
        }

        await system.Terminate().Bounded();
    }

    [Fact]
    public async Task A_member_that_ignores_its_interrupt_holds_the_order_only_for_the_interrupt_timeout()
    {
        using var system = ActorSystem.Create("ordered", ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.run-group.interrupt-timeout = 2s
            akka.run-group.interrupt-order = reverse
            """));
        var firstInterrupted = BoundedWaits.NewTcs<bool>();
        var deaf = new ManualResetEventSlim();
        var group = new RunGroup("ordered")
            .Add(token => Task.Delay(Timeout.Infinite, token), _ => firstInterrupted.TrySetResult(true), "first")
            .Add(() => { deaf.WaitBounded(); return null; }, _ => { }, "deaf")
            .Add(() => new Exception("stop"), _ => { }, "stopper");

        var result = await group.RunAsync(system).Bounded();

        Assert.True(await firstInterrupted.Task.Bounded());
        Assert.Equal(["deaf"], result.Abandoned.Select(m => m.Name));
        Assert.False(result.Members[0].Abandoned);
        deaf.Set();
        await system.Terminate().Bounded();
    }

    [Fact]
    public async Task Reverse_order_calls_every_interrupt_exactly_once_for_every_kind_of_member()
    {
        var probe = CreateTestProbe();
        var interrupts = new ConcurrentDictionary<string, int>();
        var group = new RunGroup("ordered-kinds").WithInterruptOrder(InterruptOrder.Reverse)
            .AddActor(Props.Create(() => new TestActors.Reporting(probe.Ref)), "actor", e => "stop")
            .Add(token => Task.Delay(Timeout.Infinite, token), _ => interrupts.AddOrUpdate("async", 1, (_, c) => c + 1), "async")
            .Add(new RunGroup("nested").Add(token => Task.Delay(Timeout.Infinite, token), _ => interrupts.AddOrUpdate("nested", 1, (_, c) => c + 1)))
            .Add(() => null, _ => interrupts.AddOrUpdate("returns", 1, (_, c) => c + 1), "returns");

        var result = await group.RunAsync(Sys).Bounded();

        Assert.Equal("returns", result.FirstExited);
        Assert.Equal(new Dictionary<string, int> { ["async"] = 1, ["nested"] = 1, ["returns"] = 1 }, interrupts);
        probe.ExpectMsg("stop");
        Assert.All(result.Members, m => Assert.False(m.Abandoned));
    }

    [Fact]
    public void An_unknown_interrupt_order_is_a_ConfigurationException_naming_the_key()
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            RunGroupSettings.Create(ConfigurationFactory.ParseString("akka.run-group.interrupt-order = sideways")));

        Assert.Contains("akka.run-group.interrupt-order", error.Message);
        Assert.Contains("sideways", error.Message);
    }

    [Fact]
    public void The_default_order_is_concurrent()
    {
        Assert.Equal(InterruptOrder.Concurrent, RunGroupSettings.Create(ConfigurationFactory.Empty).InterruptOrder);
    }
}
