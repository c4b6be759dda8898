using System.Diagnostics;
using Akka.Configuration;
using CsCheck;
using Xunit.Abstractions;

namespace AkkaRunGroup.Tests.Reliability;

/// <summary>
/// Seeded model-based random testing: thousands of random groups, each checked against every rule. A failure names
/// the CsCheck seed (rerun with <c>CsCheck_Seed=...</c>) and the smallest failing group found.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class RandomGroupTests(ITestOutputHelper output)
{
    /// <summary>The environment variable that sets the number of random groups, for a long soak.</summary>
    public const string CountVariable = "AKKARUNGROUP_RANDOM_GROUPS";

    private const int DefaultCount = 10_000;

    /// <summary>Random groups running at once: enough to race, few enough for a shared two-core machine.</summary>
    private const int Concurrency = 32;

    /// <summary>Random groups of the warm-up, run a few at a time while the JIT and the thread pool settle.</summary>
    private const int WarmUpCount = 200;

    /// <summary>
    /// The smallest count for which the suite requires its sample to have run sequential groups whose start ended
    /// early, by a member's exit and by a stop from outside, leaving members never started: each comes about once in
    /// 15 to 20 groups, so a sample this size lacks one only by a chance far too small to matter. A smaller soak count
    /// only prints what it covered.
    /// </summary>
    private const int CoverageCount = 1_000;

    /// <summary>Short enough to keep the suite quick, long enough that no obedient member misses it on a loaded machine.</summary>
    private static readonly TimeSpan InterruptTimeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Random_groups_keep_every_rule()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable(CountVariable), out var n) && n > 0 ? n : DefaultCount;
        var registrationsBefore = SignalRegistrations.Live();
        var shared = ActorSystem.Create("chaos", $"{ChaosRunner.DrainConfig}\n{ChaosRunner.LoggingConfig}");
        var withTimeout = ActorSystem.Create("chaos-timeout", ConfigurationFactory.ParseString(ChaosRunner.TimeoutConfig(InterruptTimeout, ChaosRunner.LoggingConfig)));
        var linesBefore = ChaosLogger.Lines;
        var runner = new ChaosRunner(shared, withTimeout, InterruptTimeout);
        var clock = Stopwatch.StartNew();
        try
        {
            await ChaosModel.Groups.SampleAsync(runner.RunAsync, writeLine: output.WriteLine, iter: WarmUpCount, threads: 4, print: g => g.ToString());
            await ChaosModel.Groups.SampleAsync(
                runner.RunAsync,
                writeLine: output.WriteLine,
                iter: count,
                threads: Concurrency,
                print: g => g.ToString());
            output.WriteLine($"{WarmUpCount} + {count} random groups passed in {clock.Elapsed.TotalSeconds:0.0} s");

            foreach (var (what, times) in runner.Coverage.OrderBy(c => c.Key))
            {
                output.WriteLine($"  {what}: {times}");
            }

            output.WriteLine($"log lines formatted at Info and above: {ChaosLogger.Lines - linesBefore}");
            if (count >= CoverageCount)
            {
                // The start-order checks ran on sequential groups, and on members such a start never reached.
                foreach (var key in new[] { ChaosRunner.SequentialGroups, ChaosRunner.NeverStartedMembers, ChaosRunner.StartsEndedByAnExit, ChaosRunner.StartsEndedFromOutside })
                {
                    Assert.True(runner.Coverage.GetValueOrDefault(key) > 0, $"the sample covered no {key}");
                }
            }

            Assert.True(ChaosLogger.Failures.IsEmpty, string.Join(Environment.NewLine, ChaosLogger.Failures));
            await runner.StopCollectorsAsync();

            // Nothing of any run is left: no actor under /user, and nothing holds what the members held.
            foreach (var system in new[] { shared, withTimeout })
            {
                var left = await system.ActorSelection("/user/*").Ask<ActorIdentity>(new Identify("any"), RunGroupTestKit.Bound);
                Assert.Null(left.Subject);
                // No run is still registered for CoordinatedShutdown: each left the registry as it completed.
                Assert.Equal(0, AkkaRunGroup.Internal.ShutdownRegistry.Of(system).Count);
            }

            await LeakChecks.AssertCollectedAsync(runner.Anchors);

            // Every signal registration a run made is gone. What is left is Akka's own for each shared system that ran a
            // group (both, unless the count is tiny), which are still running; the systems of the Terminate and
            // Terminating lanes disposed theirs when they terminated.
            var sharedUsed = runner.Coverage.Keys.Any(k => k is $"lane {nameof(Lane.Shared)}" or $"lane {nameof(Lane.Cancel)}" || k.EndsWith("run on the shared system", StringComparison.Ordinal));
            var sharedSystemsUsed = (sharedUsed ? 1 : 0)
                + (runner.Coverage.ContainsKey($"lane {Lane.Timeout}") ? 1 : 0);
            var expected = registrationsBefore + SignalRegistrations.AkkaPerSystem * sharedSystemsUsed;
            var after = await SignalRegistrations.AwaitLiveAsync(expected);
            output.WriteLine($"signal registrations: {registrationsBefore} before the suite, {after} after it");
            Assert.Equal(expected, after);
        }
        finally
        {
            await Task.WhenAll(shared.Terminate(), withTimeout.Terminate()).WaitAsync(RunGroupTestKit.Bound);
        }

        Assert.Equal(registrationsBefore, await SignalRegistrations.AwaitLiveAsync(registrationsBefore));
    }
}
