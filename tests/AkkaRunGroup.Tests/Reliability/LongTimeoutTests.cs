using Akka.Event;
using Akka.TestKit;
using Xunit.Abstractions;

namespace AkkaRunGroup.Tests.Reliability;

/// <summary>
/// Defect 4 of issue 13: a valid interrupt timeout beyond what a timer takes (100d, TimeSpan.MaxValue) threw. Runs
/// under such timeouts complete, whichever way they end, without an error.
/// </summary>
[Collection(DefectCollection.Name)]
public sealed class LongTimeoutTests(ITestOutputHelper output) : RunGroupTestKit(output)
{
    /// <summary>
    /// TimeSpan.MaxValue, the largest interrupt-timeout RunGroupSettings accepts (one tick more overflows). Like
    /// 100d, it is beyond what a System.Threading.Timer takes (about 49.7 days), and Akka's scheduler overflows on it.
    /// </summary>
    private const string LargestTimeout = "922337203685477.5807ms";

    [Theory]
    [InlineData("100d")]
    [InlineData(LargestTimeout)]
    public async Task A_run_ended_by_a_members_exit_completes_without_an_error_under_the_longest_interrupt_timeouts(string timeout)
    {
        await WithTimeoutSystem(timeout, async (system, errors) =>
        {
            for (var i = 0; i < 10; i++)
            {
                var events = this.SubscribeToEvents(system);
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
                var events = this.SubscribeToEvents(system);
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
                var events = this.SubscribeToEvents(system);
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
        var system = OwnActorSystems.Create($"timeout-{timeout.Replace('.', '-')}", $"akka.run-group.interrupt-timeout = {timeout}");
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

    private sealed class Flush
    {
        public static readonly Flush Instance = new();

        private Flush()
        {
        }
    }
}
