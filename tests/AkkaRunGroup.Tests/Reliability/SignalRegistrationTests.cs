using Xunit.Abstractions;

namespace AkkaRunGroup.Tests.Reliability;

/// <summary>Signal handler members leave no signal registration behind, however their run ends.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class SignalRegistrationTests(ITestOutputHelper output) : RunGroupTestKit(output)
{
    [Fact]
    public async Task Signal_handler_members_leave_no_signal_registration_behind()
    {
        const int groups = 50;
        // A first run lets Akka make the registrations it makes once per system: its CoordinatedShutdown registers
        // SIGINT and SIGTERM handlers of its own when the first shutdown task (the run groups' one) is added.
        await new RunGroup("warm-up").AddSignalHandler().Add(_ => Task.CompletedTask).RunAsync(Sys).Bounded();
        var before = LiveRegistrations();
        var started = new CountdownEvent(groups);
        using var cancel = new CancellationTokenSource();
        var runs = Enumerable.Range(0, groups)
            .Select(i => new RunGroup($"signals-{i}")
                .AddSignalHandler()
                .Add(async token => { started.Signal(); await Task.Delay(Timeout.Infinite, token); })
                .RunAsync(Sys, cancel.Token))
            .ToList();
        Assert.True(started.Wait(Bound));

        // While the groups run, each holds one registration for SIGINT and one for SIGTERM: the count can move.
        await AwaitAssertAsync(() => Assert.Equal(before + 2 * groups, LiveRegistrations()), Bound);
        cancel.Cancel();
        await Task.WhenAll(runs).Bounded();

        Assert.Equal(before, LiveRegistrations());
    }

    private static int LiveRegistrations() => SignalRegistrations.Live();
}
