using Akka.Actor;
using Xunit;
using Xunit.Abstractions;

namespace AkkaRunGroup.Tests;

/// <summary>Rule 6: what a member's exit error is.</summary>
public sealed class ErrorTests(ITestOutputHelper output) : RunGroupTestKit(output)
{
    [Fact]
    public async Task A_thrown_exception_is_the_error_itself()
    {
        var thrown = new InvalidOperationException("thrown");
        var result = await new RunGroup().Add(() => throw thrown, _ => { }).RunAsync(Sys).Bounded();

        Assert.Same(thrown, result.Error);
        Assert.Same(thrown, result.Members[0].Error);
    }

    [Fact]
    public async Task A_faulted_task_gives_its_exception_unwrapped()
    {
        var thrown = new InvalidOperationException("faulted");
        var result = await new RunGroup().Add(async _ => { await Task.Yield(); throw thrown; }).RunAsync(Sys).Bounded();

        Assert.Same(thrown, result.Error);
    }

    [Fact]
    public async Task A_synchronous_throw_from_an_async_execute_is_the_error()
    {
        var thrown = new InvalidOperationException("synchronous");
        var result = await new RunGroup().Add(_ => throw thrown).RunAsync(Sys).Bounded();

        Assert.Same(thrown, result.Error);
    }

    [Fact]
    public async Task A_single_inner_AggregateException_is_unwrapped_to_the_same_instance()
    {
        var inner = new TimeoutException("inner");
        var result = await new RunGroup().Add(() => throw new AggregateException(inner), _ => { }).RunAsync(Sys).Bounded();

        Assert.Same(inner, result.Error);
    }

    [Fact]
    public async Task A_cancelled_task_gives_an_OperationCanceledException()
    {
        var result = await new RunGroup().Add(_ => Task.FromCanceled(new CancellationToken(true))).RunAsync(Sys).Bounded();

        Assert.IsAssignableFrom<OperationCanceledException>(result.Error);
    }

    [Fact]
    public async Task An_execute_returning_a_null_task_exits_with_an_error_naming_the_member()
    {
        var result = await new RunGroup().Add(_ => null!, name: "broken").RunAsync(Sys).Bounded();

        var error = Assert.IsType<InvalidOperationException>(result.Error);
        Assert.Contains("'broken'", error.Message);
    }

    [Fact]
    public async Task An_actor_member_that_throws_exits_with_its_exception_and_is_not_restarted()
    {
        var thrown = new ArgumentException("actor failed");
        var group = new RunGroup()
            .AddActor(Props.Create(() => new TestActors.Obedient()), "actor")
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "other");

        var run = group.RunAsync(Sys);
        var actor = await ResolveAsync("/user/run-group/actor");
        actor.Tell(thrown);
        var result = await run.Bounded();

        Assert.Same(thrown, result.Error);
        Assert.Equal("actor", result.FirstExited);
    }

    [Fact]
    public async Task An_actor_member_that_stops_itself_exits_cleanly()
    {
        var group = new RunGroup().AddActor(Props.Create(() => new TestActors.Obedient()), "actor");

        var run = group.RunAsync(Sys);
        var actor = await ResolveAsync("/user/run-group/actor");
        actor.Tell("stop");
        var result = await run.Bounded();

        Assert.Null(result.Error);
        Assert.Equal("actor", result.FirstExited);
    }

    [Fact]
    public async Task An_actor_member_whose_constructor_throws_exits_with_that_exception()
    {
        var thrown = new InvalidOperationException("constructor");
        var result = await new RunGroup()
            .AddActor(Props.Create(() => new TestActors.FailingConstructor(thrown)), "bad")
            .Add(token => Task.Delay(Timeout.Infinite, token))
            .RunAsync(Sys).Bounded();

        Assert.Same(thrown, result.Error);
        Assert.Equal("bad", result.FirstExited);
    }

    [Fact]
    public async Task An_actor_member_whose_PreStart_throws_exits_with_that_exception()
    {
        var thrown = new InvalidOperationException("pre-start");
        var result = await new RunGroup()
            .AddActor(Props.Create(() => new TestActors.FailingPreStart(thrown)), "bad")
            .RunAsync(Sys).Bounded();

        Assert.Same(thrown, result.Error);
    }

    [Fact]
    public async Task An_actor_member_is_sent_its_interrupt_message_built_from_the_first_error()
    {
        var probe = CreateTestProbe();
        var first = new Exception("first");
        var group = new RunGroup()
            .AddActor(Props.Create(() => new TestActors.Reporting(probe.Ref)), "reporting", e => $"interrupted by {e!.Message}")
            .Add(() => first, _ => { }, "first");

        var result = await group.RunAsync(Sys).Bounded();

        probe.ExpectMsg("interrupted by first");
        Assert.True(result.Members[0].Interrupted);
        Assert.Null(result.Members[0].Error);
    }

    [Fact]
    public async Task An_actor_member_without_an_interrupt_message_is_stopped()
    {
        var result = await new RunGroup()
            .AddActor(Props.Create(() => new TestActors.Ignoring()), "ignoring")
            .Add(() => new Exception("first"), _ => { })
            .RunAsync(Sys).Bounded();

        Assert.True(result.Members[0].Interrupted);
        Assert.False(result.Members[0].Abandoned);
    }

    [Fact]
    public async Task An_interrupt_message_factory_that_throws_is_recorded_and_the_actor_is_stopped()
    {
        var thrown = new InvalidOperationException("factory");
        var result = await new RunGroup()
            .AddActor(Props.Create(() => new TestActors.Ignoring()), "ignoring", _ => throw thrown)
            .Add(() => new Exception("first"), _ => { })
            .RunAsync(Sys).Bounded();

        Assert.Same(thrown, result.Members[0].InterruptError);
        Assert.False(result.Members[0].Abandoned);
    }

    private async Task<IActorRef> ResolveAsync(string path)
    {
        IActorRef? actor = null;
        // The GroupSupervisor creates its children asynchronously: retry until the actor exists.
        await AwaitAssertAsync(async () => actor = await Sys.ActorSelection(path).ResolveOne(Bound), Bound);
        return actor!;
    }

    [Fact]
    public async Task A_member_that_could_not_start_says_why_in_its_outcome()
    {
        var result = await new RunGroup("unstartable")
            .AddActor(Props.Create<TestActors.Ignoring>().WithDispatcher("no-such-dispatcher"), "bad")
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "other")
            .RunAsync(Sys)
            .WaitAsync(RunGroupTestKit.Bound);

        var bad = result.Members.Single(m => m.Name == "bad");
        Assert.False(bad.Started);
        Assert.NotNull(bad.Error);
        Assert.StartsWith($"bad: could not start, {bad.Error!.GetType().Name}: ", bad.ToString());
    }

    [Fact]
    public async Task A_result_counts_its_members_in_words()
    {
        var one = await new RunGroup("one").Add(() => null, _ => { }, "only").RunAsync(Sys).Bounded();
        var two = await new RunGroup("two").Add(() => null, _ => { }, "a").Add(token => Task.Delay(Timeout.Infinite, token), name: "b").RunAsync(Sys).Bounded();

        Assert.Equal("run group 'one': 'only' exited first cleanly; 1 member", one.ToString());
        Assert.EndsWith("; 2 members", two.ToString());
    }
}
