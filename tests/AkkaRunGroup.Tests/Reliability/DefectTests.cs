using Akka.Configuration;
using Akka.Event;
using Akka.TestKit;
using Xunit.Abstractions;

namespace AkkaRunGroup.Tests.Reliability;

/// <summary>
/// The seven defects of issue 13, each where a skeptical user found a promise of the README, semantics.md or
/// guarantees.md broken: a run that never completes, colliding names, a refusal that uses up the group, a valid
/// timeout that throws, an unwrapped returned error, an abandoned member that says it was not interrupted, and an
/// error whose members throw.
/// </summary>
public sealed class DefectTests(ITestOutputHelper output) : RunGroupTestKit(output)
{
    /// <summary>How often the races of a terminating system are run: 1 to 4 runs in 10 hung before the fix.</summary>
    private const int RaceIterations = 50;

    /// <summary>
    /// TimeSpan.MaxValue, the largest interrupt-timeout RunGroupSettings accepts (one tick more overflows). Like
    /// 100d, it is beyond what a System.Threading.Timer takes (about 49.7 days), and Akka's scheduler overflows on it.
    /// </summary>
    private const string LargestTimeout = "922337203685477.5807ms";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_run_started_as_its_ActorSystem_terminates_is_refused_or_completes_with_ActorSystemTerminatedException(bool yieldFirst)
    {
        var runs = new List<Task<RunResult>>();
        var refusals = new List<Exception>();
        var systems = new List<ActorSystem>();
        for (var i = 0; i < RaceIterations; i++)
        {
            var system = NewSystem($"terminating-{i}");
            systems.Add(system);
            var group = new RunGroup($"race-{i}").Add(token => Task.Delay(Timeout.Infinite, token), name: "waiter");

            _ = system.Terminate();
            if (yieldFirst)
            {
                await Task.Yield();
            }

            try
            {
                runs.Add(group.RunAsync(system));
            }
            catch (Exception e)
            {
                refusals.Add(e);
            }
        }

        await WhenAllOrBound(runs);
        await TerminateAll(systems);

        var hung = runs.Count(r => !r.IsCompleted);
        Output!.WriteLine($"{refusals.Count} refused, {runs.Count - hung} completed, {hung} never completed");
        Assert.True(hung == 0, $"{hung} of {RaceIterations} runs never completed ({refusals.Count} refused)");
        Assert.All(refusals, e => Assert.IsType<InvalidOperationException>(e));
        Assert.All(runs, r => Assert.IsType<ActorSystemTerminatedException>(r.Result.Error));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_run_refused_as_its_ActorSystem_terminates_leaves_the_group_unused(bool yieldFirst)
    {
        var refused = new List<RunGroup>();
        var systems = new List<ActorSystem>();
        for (var i = 0; i < RaceIterations; i++)
        {
            var system = NewSystem($"refusing-{i}");
            systems.Add(system);
            var group = new RunGroup($"refused-{i}").Add(token => Task.Delay(Timeout.Infinite, token), name: "waiter");

            _ = system.Terminate();
            if (yieldFirst)
            {
                await Task.Yield();
            }

            try
            {
                _ = group.RunAsync(system);
            }
            catch (InvalidOperationException)
            {
                refused.Add(group);
            }
        }

        await TerminateAll(systems);

        Output!.WriteLine($"{refused.Count} of {RaceIterations} runs refused");
        var usedUp = 0;
        foreach (var group in refused)
        {
            try
            {
                // A cancelled token interrupts the group as soon as it starts.
                var result = await group.RunAsync(Sys, new CancellationToken(true)).Bounded();
                Assert.IsAssignableFrom<OperationCanceledException>(result.Error);
            }
            catch (InvalidOperationException e)
            {
                Output!.WriteLine($"'{group.Name}': {e.Message}");
                usedUp++;
            }
        }

        Assert.True(usedUp == 0, $"{usedUp} of {refused.Count} refused groups could not run again");
    }

    [Fact]
    public async Task Lone_surrogates_and_the_replacement_character_run_side_by_side_as_distinct_members()
    {
        // Each escapes to %EF%BF%BD.
        string[] names = ["\uD800", "\uDC00", "\uFFFD"];
        var stop = new InvalidOperationException("stop");
        var group = SideBySide("escaped-alike", names, stop, out var starts);

        var result = await group.RunAsync(Sys).Bounded();

        AssertNoInvalidActorName(result);
        Assert.Equal(names.Length, starts());
        Assert.All(result.Members, m => Assert.True(m.Started, m.Name));
        Assert.Same(stop, result.Error);
        Assert.Equal("stopper", result.FirstExited);
        Assert.Equal([.. names, "stopper"], result.Members.Select(m => m.Name));
    }

    [Fact]
    public async Task A_long_name_and_a_name_spelled_like_its_cut_form_run_side_by_side()
    {
        // Escaped, the long name is 118 a's, "%20" and more: cut before the escape and made unique by its index, its
        // actor name is 118 a's and "~0", which is also the second name, short enough to be kept as it is.
        string[] names = [new string('a', 118) + " " + new string('b', 200), new string('a', 118) + "~0"];
        var stop = new InvalidOperationException("stop");
        var group = SideBySide("cut-alike", names, stop, out var starts);

        var result = await group.RunAsync(Sys).Bounded();

        AssertNoInvalidActorName(result);
        Assert.Equal(names.Length, starts());
        Assert.All(result.Members, m => Assert.True(m.Started, m.Name));
        Assert.Same(stop, result.Error);
        Assert.Equal("stopper", result.FirstExited);
        Assert.Equal([.. names, "stopper"], result.Members.Select(m => m.Name));
    }

    [Theory]
    [InlineData("100d")]
    [InlineData(LargestTimeout)]
    public async Task A_run_ended_by_a_members_exit_completes_without_an_error_under_the_longest_interrupt_timeouts(string timeout)
    {
        await WithTimeoutSystem(timeout, async (system, errors) =>
        {
            for (var i = 0; i < 10; i++)
            {
                var events = SubscribeToEvents(system);
                var executeGate = new ManualResetEventSlim();
                var interruptGate = new ManualResetEventSlim();
                var first = new Exception("first");
                // Its interrupt lets its execute return, then holds on until both exits are published: the run's
                // last return is that interrupt's, after every member actor has stopped.
                var group = new RunGroup($"exit-{i}")
                    .Add(() => first, _ => { }, "first")
                    .Add(() => { executeGate.Wait(Bound); return null; }, _ => { executeGate.Set(); interruptGate.Wait(Bound); }, "slow-interrupt");

                var run = group.RunAsync(system);
                AwaitExitsOrCompletion(events, "first", "slow-interrupt");
                interruptGate.Set();
                var result = await run.Bounded();

                Assert.Same(first, result.Error);
                Assert.Empty(result.Abandoned);
            }

            await AssertNoErrorLogged(system, errors);
        });
    }

    [Theory]
    [InlineData("100d")]
    [InlineData(LargestTimeout)]
    public async Task A_run_interrupted_with_Interrupt_completes_without_an_error_under_the_longest_interrupt_timeouts(string timeout)
    {
        await WithTimeoutSystem(timeout, async (system, errors) =>
        {
            for (var i = 0; i < 10; i++)
            {
                var events = SubscribeToEvents(system);
                var started = new CountdownEvent(2);
                var executeGate = new ManualResetEventSlim();
                var interruptGate = new ManualResetEventSlim();
                var stop = new Exception("stop");
                var group = new RunGroup($"interrupted-{i}")
                    .Add(token => { started.Signal(); return Task.Delay(Timeout.Infinite, token); }, name: "async")
                    .Add(() => { started.Signal(); executeGate.Wait(Bound); return null; }, _ => { executeGate.Set(); interruptGate.Wait(Bound); }, "slow-interrupt");

                var run = group.RunAsync(system);
                Assert.True(started.Wait(Bound));
                group.Interrupt(stop);
                AwaitExitsOrCompletion(events, "async", "slow-interrupt");
                interruptGate.Set();
                var result = await run.Bounded();

                Assert.Same(stop, result.Error);
                Assert.Empty(result.Abandoned);
            }

            await AssertNoErrorLogged(system, errors);
        });
    }

    [Theory]
    [InlineData("100d")]
    [InlineData(LargestTimeout)]
    public async Task A_GroupSupervisor_stopped_from_outside_completes_its_run_without_an_error_under_the_longest_interrupt_timeouts(string timeout)
    {
        await WithTimeoutSystem(timeout, async (system, errors) =>
        {
            for (var i = 0; i < 10; i++)
            {
                var events = SubscribeToEvents(system);
                var started = BoundedWaits.NewTcs<bool>();
                var executeGate = new ManualResetEventSlim();
                var interruptGate = new ManualResetEventSlim();
                var group = new RunGroup($"stopped-{i}")
                    .Add(() => { started.TrySetResult(true); executeGate.Wait(Bound); return null; }, _ => { executeGate.Set(); interruptGate.Wait(Bound); }, "slow-interrupt");

                var run = group.RunAsync(system);
                await started.Task.Bounded();
                system.ActorSelection($"/user/{group.Name}").Tell(PoisonPill.Instance);
                // The member returns on its interrupt, which holds on until the group is seen interrupted.
                events.FishForMessage(e => e is GroupInterrupted, Bound);
                interruptGate.Set();
                var result = await run.Bounded();

                Assert.IsType<ActorSystemTerminatedException>(result.Error);
                Assert.Empty(result.Abandoned);
            }

            await AssertNoErrorLogged(system, errors);
        });
    }

    [Fact]
    public async Task A_returned_AggregateException_is_the_error_itself_not_its_inner_exception()
    {
        var returned = new AggregateException(new TimeoutException("inner"));

        var result = await new RunGroup().Add(() => returned, _ => { }, "returning").RunAsync(Sys).Bounded();

        Assert.Same(returned, result.Members[0].Error);
        Assert.Same(returned, result.Error);
    }

    [Fact]
    public async Task A_member_abandoned_after_ignoring_its_interrupt_reports_that_it_was_interrupted()
    {
        var system = NewSystem("abandoning", "akka.run-group.interrupt-timeout = 1s");
        var release = new ManualResetEventSlim();
        try
        {
            var started = BoundedWaits.NewTcs<bool>();
            var interrupted = BoundedWaits.NewTcs<bool>();
            var group = new RunGroup("deaf-group")
                .Add(() => { started.TrySetResult(true); release.Wait(Bound); return null; }, _ => interrupted.TrySetResult(true), "deaf")
                .Add(() => { started.Task.Wait(Bound); return new Exception("first"); }, _ => { }, "first");

            var result = await group.RunAsync(system).Bounded();

            await interrupted.Task.Bounded();
            var deaf = result.Members[0];
            Assert.True(deaf.Abandoned);
            Assert.True(deaf.Interrupted, deaf.ToString());
        }
        finally
        {
            release.Set();
            await system.Terminate().Bounded();
        }
    }

    [Fact]
    public async Task An_abandoned_nested_group_is_reported_as_interrupted_in_every_run()
    {
        var system = NewSystem("abandoning-nested", "akka.run-group.interrupt-timeout = 1s");
        var release = new ManualResetEventSlim();
        try
        {
            var printed = new List<string>();
            for (var i = 0; i < 10; i++)
            {
                var started = BoundedWaits.NewTcs<bool>();
                var inner = new RunGroup($"inner-{i}")
                    .Add(() => { started.TrySetResult(true); release.Wait(Bound); return null; }, _ => { }, "deaf");
                var outer = new RunGroup($"outer-{i}")
                    .Add(inner, "nested")
                    .Add(() => { started.Task.Wait(Bound); return new Exception("first"); }, _ => { }, "first");

                var result = await outer.RunAsync(system).Bounded();

                printed.Add(result.Members[0].ToString());
            }

            Output!.WriteLine(string.Join(Environment.NewLine, printed));
            Assert.All(printed, p => Assert.StartsWith("nested: interrupted, ", p));
        }
        finally
        {
            release.Set();
            await system.Terminate().Bounded();
        }
    }

    [Theory]
    [InlineData("INFO", false)]
    [InlineData("INFO", true)]
    [InlineData("DEBUG", false)]
    [InlineData("DEBUG", true)]
    public async Task An_error_whose_members_throw_loses_no_event(string logLevel, bool everythingThrows)
    {
        var system = NewSystem($"throwing-{logLevel}", $"akka.loglevel = {logLevel}");
        try
        {
            var events = SubscribeToEvents(system);
            Exception thrown = everythingThrows ? new EverythingThrowsException() : new MessageThrowsException();
            var gate = new ManualResetEventSlim();
            var group = new RunGroup("throwing")
                .Add(token => Task.Delay(Timeout.Infinite, token), name: "a")
                .Add(() => thrown, _ => { }, "thrower")
                .Add(() => { gate.Wait(Bound); return null; }, _ => gate.Set(), "b");

            var result = await group.RunAsync(system).Bounded();

            var received = new List<RunGroupEvent>();
            while (received.LastOrDefault() is not GroupCompleted)
            {
                received.Add(events.ExpectMsg<RunGroupEvent>(Bound));
            }

            Assert.Same(thrown, result.Error);
            Assert.Equal("thrower", result.FirstExited);
            var interrupted = Assert.Single(received.OfType<GroupInterrupted>());
            Assert.Same(thrown, interrupted.Error);
            Assert.Equal(["a", "b", "thrower"], received.OfType<MemberExited>().Select(e => e.Member).Order());
        }
        finally
        {
            await system.Terminate().Bounded();
        }
    }

    private static ActorSystem NewSystem(string name, string config = "") =>
        ActorSystem.Create(name, ConfigurationFactory.ParseString($"akka.loglevel = WARNING\n{config}"));

    private static async Task WhenAllOrBound(IEnumerable<Task> tasks)
    {
        try
        {
            await Task.WhenAll(tasks).Bounded();
        }
        catch (TimeoutException)
        {
            // The caller counts the runs that never completed.
        }
    }

    private static async Task TerminateAll(IEnumerable<ActorSystem> systems) =>
        await Task.WhenAll(systems.Select(s => s.Terminate())).Bounded();

    private TestProbe SubscribeToEvents(ActorSystem system)
    {
        var probe = CreateTestProbe(system);
        system.EventStream.Subscribe(probe.Ref, typeof(RunGroupEvent));
        return probe;
    }

    /// <summary>Waits until each of <paramref name="members"/> has exited, or the run has completed without them.</summary>
    private static void AwaitExitsOrCompletion(TestProbe events, params string[] members)
    {
        var waiting = members.ToHashSet();
        while (waiting.Count > 0 && events.ExpectMsg<RunGroupEvent>(Bound) is var e && e is not GroupCompleted)
        {
            if (e is MemberExited exited)
            {
                waiting.Remove(exited.Member);
            }
        }
    }

    /// <summary>Runs <paramref name="test"/> on a system of its own, with every Error event it logs collected.</summary>
    private async Task WithTimeoutSystem(string timeout, Func<ActorSystem, TestProbe, Task> test)
    {
        var system = NewSystem($"timeout-{timeout.Replace('.', '-')}", $"akka.run-group.interrupt-timeout = {timeout}");
        try
        {
            Assert.True(RunGroupSettings.Create(system).InterruptTimeout > TimeSpan.FromDays(49.8));
            var errors = CreateTestProbe(system);
            system.EventStream.Subscribe(errors.Ref, typeof(Error));
            system.EventStream.Subscribe(errors.Ref, typeof(Flush));
            await test(system, errors);
        }
        finally
        {
            await system.Terminate().Bounded();
        }
    }

    /// <summary>
    /// Once every actor of the runs has stopped, publishes a marker after whatever they logged, and fails on an
    /// Error event before it.
    /// </summary>
    private async Task AssertNoErrorLogged(ActorSystem system, TestProbe errors)
    {
        await AwaitAssertAsync(
            async () =>
            {
                var left = await system.ActorSelection("/user/*").Ask<ActorIdentity>(new Identify("any"), Bound);
                Assert.Null(left.Subject);
            },
            Bound);
        system.EventStream.Publish(Flush.Instance);
        var logged = new List<Error>();
        for (var message = errors.ReceiveOne(Bound); message is not Flush; message = errors.ReceiveOne(Bound))
        {
            logged.Add(Assert.IsType<Error>(message));
        }

        Assert.True(logged.Count == 0, "logged at ERROR: " + string.Join(" | ", logged.Select(e => $"{e.LogSource}: {e.Message} {e.Cause?.GetType().Name}: {e.Cause?.Message}")));
    }

    /// <summary>
    /// A group of members named <paramref name="names"/> that count their starts and wait to be interrupted, and a
    /// last member, "stopper", that exits with <paramref name="stop"/> once they have all started.
    /// </summary>
    private static RunGroup SideBySide(string groupName, string[] names, Exception stop, out Func<int> starts)
    {
        var started = new int[1];
        var allStarted = BoundedWaits.NewTcs<bool>();
        var group = new RunGroup(groupName);
        foreach (var name in names)
        {
            group.Add(
                token =>
                {
                    if (Interlocked.Increment(ref started[0]) == names.Length)
                    {
                        allStarted.TrySetResult(true);
                    }

                    return Task.Delay(Timeout.Infinite, token);
                },
                name: name);
        }

        group.Add(async token => { await allStarted.Task.WaitAsync(token); throw stop; }, name: "stopper");
        starts = () => Volatile.Read(ref started[0]);
        return group;
    }

    private static void AssertNoInvalidActorName(RunResult result)
    {
        var refused = result.Error is InvalidActorNameException
            || result.Members.Any(m => m.Error is InvalidActorNameException || m.InterruptError is InvalidActorNameException);
        Assert.False(refused, $"{result} | {string.Join(" | ", result.Members)}");
    }

    private sealed class Flush
    {
        public static readonly Flush Instance = new();

        private Flush()
        {
        }
    }

    /// <summary>An error whose Message getter throws.</summary>
    private sealed class MessageThrowsException : Exception
    {
        public override string Message => throw new InvalidOperationException("Message throws");
    }

    /// <summary>An error whose Message, ToString and StackTrace all throw.</summary>
    private sealed class EverythingThrowsException : Exception
    {
        public override string Message => throw new InvalidOperationException("Message throws");

        public override string? StackTrace => throw new InvalidOperationException("StackTrace throws");

        public override string ToString() => throw new InvalidOperationException("ToString throws");
    }
}
