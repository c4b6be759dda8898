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
