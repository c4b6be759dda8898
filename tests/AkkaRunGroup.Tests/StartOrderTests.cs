using Akka.Configuration;
using Akka.TestKit;
using Xunit.Abstractions;

namespace AkkaRunGroup.Tests;

/// <summary>The start order: every member at once, or one at a time, each once the one before it is ready.</summary>
public sealed class StartOrderTests(ITestOutputHelper output) : RunGroupTestKit(output)
{
    /// <summary>Tells the probe it was created; reports readiness, stops or fails when told.</summary>
    private sealed class Step : ReceiveActor
    {
        public Step(IActorRef probe, string name)
        {
            Receive<string>(m => m == "ready", _ => Context.Parent.Tell(MemberReady.Instance));
            Receive<string>(m => m == "stop", _ => Context.Stop(Self));
            probe.Tell($"{name} created");
        }
    }

    private static Props StepProps(IActorRef probe, string name) => Props.Create(() => new Step(probe, name));

    /// <summary>A probe that hears the creations of <see cref="Step"/> actors and every member's start, in one mailbox.</summary>
    private TestProbe StartsProbe()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe, typeof(MemberStarted));
        return probe;
    }

    /// <summary>What the probe hears for a while: the members started and the actors created.</summary>
    private static List<string> Heard(TestProbe probe, TimeSpan during) =>
        probe.ReceiveWhile<string>(during, m => m switch
        {
            MemberStarted started => $"{started.Member} started",
            string created => created,
            _ => "other",
        }).ToList();

    [Fact]
    public async Task A_sequential_group_starts_each_member_once_the_one_before_it_is_ready()
    {
        var probe = StartsProbe();
        var group = new RunGroup("in-order")
            .WithStartOrder(StartOrder.Sequential)
            .AddActor(StepProps(probe, "a"), "a", _ => "stop", reportsReady: true)
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "b")
            .AddActor(StepProps(probe, "c"), "c", _ => "stop");

        var run = group.RunAsync(Sys);
        probe.FishForMessage<string>(m => m == "a created", Bound);
        // a has not reported its readiness: b and c wait.
        Assert.DoesNotContain(Heard(probe, TimeSpan.FromMilliseconds(300)), m => m.StartsWith('b') || m.StartsWith('c'));
        Assert.Equal(RunGroupPhase.Starting, group.State.Phase);

        (await Sys.ActorSelection("/user/in-order/a").ResolveOne(Bound)).Tell("ready");
        // b's execute begins, and only then is c created.
        var next = probe.FishForMessage<object>(m => m is MemberStarted { Member: "b" } or "c created", Bound);
        Assert.Equal("b", Assert.IsType<MemberStarted>(next).Member);
        probe.FishForMessage<string>(m => m == "c created", Bound);
        await AwaitAssertAsync(() => Assert.Equal(RunGroupPhase.Running, group.State.Phase), Bound);

        group.Interrupt();
        var result = await run.Bounded();
        Assert.Null(result.Error);
        Assert.All(result.Members, m => Assert.True(m.Started && m.Interrupted, m.ToString()));
    }

    [Fact]
    public async Task A_member_that_exits_while_a_sequential_group_starts_ends_the_start_and_the_rest_never_start()
    {
        var probe = StartsProbe();
        var bRan = false;
        var bInterrupted = false;
        var group = new RunGroup("exits-in-start")
            .WithStartOrder(StartOrder.Sequential)
            .AddActor(StepProps(probe, "a"), "a", _ => "stop", reportsReady: true)
            .Add(token => { bRan = true; return Task.Delay(Timeout.Infinite, token); }, _ => bInterrupted = true, name: "b")
            .AddActor(StepProps(probe, "c"), "c", _ => "stop");

        var run = group.RunAsync(Sys);
        probe.FishForMessage<string>(m => m == "a created", Bound);
        (await Sys.ActorSelection("/user/exits-in-start/a").ResolveOne(Bound)).Tell("stop");
        var result = await run.Bounded();

        Assert.Equal("a", result.FirstExited);
        Assert.Null(result.Error);
        Assert.True(result.Members[0].Started);
        Assert.All(result.Members.Skip(1), m =>
        {
            Assert.False(m.Started);
            Assert.False(m.Interrupted);
            Assert.Null(m.Error);
            Assert.Equal($"{m.Name}: never started", m.ToString());
        });
        Assert.False(bRan);
        Assert.False(bInterrupted);
        Assert.DoesNotContain(Heard(probe, TimeSpan.FromMilliseconds(100)), m => m.StartsWith('b') || m.StartsWith('c'));
    }

    [Fact]
    public async Task A_member_that_cannot_start_ends_a_sequential_start()
    {
        var interrupted = BoundedWaits.NewTcs<Exception?>();
        var result = await new RunGroup("unstartable-in-order")
            .WithStartOrder(StartOrder.Sequential)
            .Add(token => Task.Delay(Timeout.Infinite, token), e => interrupted.TrySetResult(e), name: "a")
            .AddActor(Props.Create<TestActors.Ignoring>().WithDispatcher("no-such-dispatcher"), "b")
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "c")
            .RunAsync(Sys)
            .Bounded();

        Assert.Equal("b", result.FirstExited);
        Assert.Same(result.Error, await interrupted.Task.Bounded());
        Assert.True(result.Members[0].Started && result.Members[0].Interrupted);
        Assert.StartsWith("b: could not start, ", result.Members[1].ToString());
        Assert.Equal("c: never started", result.Members[2].ToString());
    }

    [Fact]
    public async Task A_stop_from_outside_while_a_sequential_group_starts_interrupts_the_started_and_starts_no_more()
    {
        var probe = StartsProbe();
        var error = new InvalidOperationException("deploy");
        var group = new RunGroup("stopped-in-start")
            .WithStartOrder(StartOrder.Sequential)
            .AddActor(StepProps(probe, "a"), "a", _ => "stop", reportsReady: true)
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "b");

        var run = group.RunAsync(Sys);
        probe.FishForMessage<string>(m => m == "a created", Bound);
        group.Interrupt(error);
        var result = await run.Bounded();

        Assert.Same(error, result.Error);
        Assert.Null(result.FirstExited);
        Assert.True(result.Members[0].Started && result.Members[0].Interrupted);
        Assert.Equal("b: never started", result.Members[1].ToString());
    }

    [Fact]
    public async Task A_stop_known_before_a_sequential_run_starts_no_member()
    {
        var probe = StartsProbe();
        var error = new InvalidOperationException("before");
        var group = new RunGroup("stopped-before")
            .WithStartOrder(StartOrder.Sequential)
            .WithDrainDelay(TimeSpan.FromDays(1))
            .AddActor(StepProps(probe, "a"), "a", _ => "stop", reportsReady: true)
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "b");
        group.Interrupt(error);

        var result = await group.RunAsync(Sys).Bounded();

        Assert.Same(error, result.Error);
        Assert.All(result.Members, m => Assert.Equal($"{m.Name}: never started", m.ToString()));
        Assert.Empty(Heard(probe, TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public async Task A_sequential_group_with_reverse_interrupts_stops_in_the_mirror_order()
    {
        var stops = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var group = new RunGroup("mirror")
            .WithStartOrder(StartOrder.Sequential)
            .WithInterruptOrder(InterruptOrder.Reverse);
        foreach (var name in new[] { "db", "cluster", "http" })
        {
            group.Add(async token => { await Task.Delay(Timeout.Infinite, token).ContinueWith(_ => stops.Enqueue(name)); }, name: name);
        }

        var run = group.RunAsync(Sys);
        await AwaitAssertAsync(() => Assert.Equal(RunGroupPhase.Running, group.State.Phase), Bound);
        group.Interrupt();
        var result = await run.Bounded();

        Assert.All(result.Members, m => Assert.True(m.Started));
        Assert.Equal(["http", "cluster", "db"], stops);
    }

    [Fact]
    public async Task A_nested_group_counts_as_started_once_it_is_Running()
    {
        var probe = StartsProbe();
        var inner = new RunGroup("inner").AddActor(StepProps(probe, "node"), "node", _ => "stop", reportsReady: true);
        var group = new RunGroup("outer")
            .WithStartOrder(StartOrder.Sequential)
            .Add(inner)
            .AddActor(StepProps(probe, "http"), "http", _ => "stop");

        var run = group.RunAsync(Sys);
        probe.FishForMessage<string>(m => m == "node created", Bound);
        Assert.DoesNotContain(Heard(probe, TimeSpan.FromMilliseconds(300)), m => m.StartsWith("http"));

        (await Sys.ActorSelection("/user/outer/inner/node").ResolveOne(Bound)).Tell("ready");
        probe.FishForMessage<string>(m => m == "http created", Bound);
        await AwaitAssertAsync(() => Assert.Equal(RunGroupPhase.Running, group.State.Phase), Bound);
        group.Interrupt();
        Assert.Null((await run.Bounded()).Error);
    }

    [Fact]
    public async Task The_start_order_comes_from_the_settings_unless_the_group_chooses_one()
    {
        Assert.Equal(StartOrder.Concurrent, RunGroupSettings.Create(ConfigurationFactory.Empty).StartOrder);
        Assert.Equal(
            StartOrder.Sequential,
            RunGroupSettings.Create(ConfigurationFactory.ParseString("akka.run-group.start-order = sequential")).StartOrder);
        var bad = Assert.Throws<ConfigurationException>(
            () => RunGroupSettings.Create(ConfigurationFactory.ParseString("akka.run-group.start-order = sideways")));
        Assert.Contains("start-order", bad.Message);

        using var system = ActorSystem.Create("sequential-by-config", ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.run-group.start-order = sequential
            """));
        try
        {
            // A stop known before the run: in sequential order no member starts; the group's own choice wins.
            var bySettings = await new RunGroup("by-settings").Add(token => Task.Delay(Timeout.Infinite, token), name: "a")
                .Interrupt().RunAsync(system).Bounded();
            var byGroup = await new RunGroup("by-group").WithStartOrder(StartOrder.Concurrent)
                .Add(token => Task.Delay(Timeout.Infinite, token), name: "a")
                .Interrupt().RunAsync(system).Bounded();

            Assert.False(bySettings.Members[0].Started);
            Assert.True(byGroup.Members[0].Started);
        }
        finally
        {
            await system.Terminate().Bounded();
        }
    }

    [Fact]
    public async Task A_start_order_is_chosen_before_the_run_and_must_be_defined()
    {
        var group = new RunGroup("order-rules").Add(token => Task.Delay(Timeout.Infinite, token), name: "a");
        Assert.Throws<ArgumentOutOfRangeException>(() => group.WithStartOrder((StartOrder)7));

        var run = group.RunAsync(Sys);
        Assert.Throws<InvalidOperationException>(() => group.WithStartOrder(StartOrder.Sequential));
        group.Interrupt();
        await run.Bounded();
    }
}
