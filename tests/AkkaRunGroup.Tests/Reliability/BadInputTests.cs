using Akka.Configuration;
using Xunit.Abstractions;

namespace AkkaRunGroup.Tests.Reliability;

/// <summary>
/// Bad input not covered by AddValidationTests, RunGroupSettingsTests and CancellationAndTerminationTests: each fails
/// with a clear exception, and nothing is left running.
/// </summary>
public sealed class BadInputTests(ITestOutputHelper output) : RunGroupTestKit(output)
{
    [Fact]
    public void Null_arguments_to_the_settings_throw_ArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => RunGroupSettings.Create((ActorSystem)null!));
        Assert.Throws<ArgumentNullException>(() => RunGroupSettings.Create((Config)null!));
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("1 fortnight")]
    [InlineData("-1ms")]
    [InlineData("[1, 2]")]
    [InlineData("{ seconds = 3 }")]
    public async Task Other_bad_interrupt_timeouts_fail_RunAsync_with_a_ConfigurationException_and_start_nothing(string value)
    {
        var system = ActorSystem.Create("bad-hocon", ConfigurationFactory.ParseString($"akka.run-group.interrupt-timeout = {value}\nakka.loglevel = WARNING"));
        try
        {
            var executes = 0;
            var group = new RunGroup().Add(_ => { Interlocked.Increment(ref executes); return Task.CompletedTask; });

            var error = Assert.Throws<ConfigurationException>(() => { _ = group.RunAsync(system); });

            Assert.Contains("akka.run-group.interrupt-timeout", error.Message);
            Assert.Equal(0, executes);
            await AssertNoGroupActorsAsync(system);
        }
        finally
        {
            await system.Terminate().Bounded();
        }
    }

    [Fact]
    public async Task A_dispatcher_setting_that_is_not_a_string_fails_with_a_ConfigurationException_naming_the_key()
    {
        var system = ActorSystem.Create("bad-dispatcher", ConfigurationFactory.ParseString("akka.run-group.use-dispatcher = { a = 1 }\nakka.loglevel = WARNING"));
        try
        {
            var error = Assert.Throws<ConfigurationException>(() => { _ = new RunGroup().Add(_ => Task.CompletedTask).RunAsync(system); });

            Assert.Contains("akka.run-group.use-dispatcher", error.Message);
            await AssertNoGroupActorsAsync(system);
        }
        finally
        {
            await system.Terminate().Bounded();
        }
    }

    [Fact]
    public async Task A_second_RunAsync_starts_no_second_supervisor_and_no_execute()
    {
        var executes = 0;
        var group = new RunGroup("once").Add(_ => { Interlocked.Increment(ref executes); return Task.CompletedTask; });
        await group.RunAsync(Sys).Bounded();

        Assert.Throws<InvalidOperationException>(() => { _ = group.RunAsync(Sys); });

        Assert.Equal(1, executes);
        await AssertNoGroupActorsAsync(Sys);
    }

    [Fact]
    public async Task RunAsync_on_a_terminated_ActorSystem_runs_no_execute()
    {
        var system = ActorSystem.Create("gone", ConfigurationFactory.ParseString("akka.loglevel = WARNING"));
        await system.Terminate().Bounded();
        var executes = 0;

        Assert.Throws<InvalidOperationException>(() => { _ = new RunGroup().Add(() => { Interlocked.Increment(ref executes); return null; }, _ => { }).RunAsync(system); });

        Assert.Equal(0, executes);
    }

    [Fact]
    public async Task Names_that_escape_or_cut_alike_run_side_by_side_and_are_kept_as_given()
    {
        var longName = new string('ü', 10_000);
        string[] names = [" ", "a/b", "a%2Fb", "a b", "a+b", "$", "$$", "..", longName + "1", longName + "2", "\u0000\t\n", "😀"];
        var group = new RunGroup(new string('/', 10_000));
        foreach (var name in names)
        {
            group.Add(token => Task.Delay(Timeout.Infinite, token), name: name);
        }

        group.Add(() => new Exception("stop"), _ => { }, "stopper");

        var result = await group.RunAsync(Sys).Bounded();

        Assert.Equal([.. names, "stopper"], result.Members.Select(m => m.Name));
        Assert.All(result.Members.Take(names.Length), m => Assert.True(m.Interrupted, m.Name));
        await AssertNoGroupActorsAsync(Sys);
    }

    [Fact]
    public async Task An_actor_member_made_by_a_producer_whose_constructor_throws_exits_with_that_exception()
    {
        // Regression: Akka wraps a producer's exception differently from a reflective constructor's (seed 8IO9YeMbQnX4).
        var thrown = new InvalidOperationException("producer");
        var result = await new RunGroup()
            .AddActor(Props.CreateBy(new ThrowingProducer(thrown)), "bad")
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "other")
            .RunAsync(Sys).Bounded();

        Assert.Same(thrown, result.Error);
        Assert.Equal("bad", result.FirstExited);
        Assert.True(result.Members[1].Interrupted);
        await AssertNoGroupActorsAsync(Sys);
    }

    [Fact]
    public async Task A_TypeLoadException_a_member_throws_itself_is_kept_as_it_is()
    {
        var thrown = new TypeLoadException("the member's own", new InvalidOperationException("inner"));

        var result = await new RunGroup().Add(() => throw thrown, _ => { }).RunAsync(Sys).Bounded();

        Assert.Same(thrown, result.Error);
    }

    private static async Task AssertNoGroupActorsAsync(ActorSystem system)
    {
        var left = await system.ActorSelection("/user/*").Ask<ActorIdentity>(new Identify("any"), Bound);
        Assert.Null(left.Subject);
    }

    private sealed class ThrowingProducer(Exception error) : IIndirectActorProducer
    {
        public Type ActorType => typeof(TestActors.Ignoring);

        public ActorBase Produce() => throw error;

        public void Release(ActorBase actor)
        {
        }
    }
}
