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

    private static readonly TimeSpan InterruptTimeout = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Random_groups_keep_every_rule()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable(CountVariable), out var n) && n > 0 ? n : DefaultCount;
        var shared = ActorSystem.Create("chaos", ChaosRunner.QuietConfig);
        var withTimeout = ActorSystem.Create(
            "chaos-timeout",
            ConfigurationFactory.ParseString($"akka.run-group.interrupt-timeout = {InterruptTimeout.TotalMilliseconds}ms\n{ChaosRunner.QuietConfig}"));
        var runner = new ChaosRunner(shared, withTimeout, InterruptTimeout);
        var clock = Stopwatch.StartNew();
        try
        {
            await ChaosModel.Groups.SampleAsync(
                runner.RunAsync,
                writeLine: output.WriteLine,
                iter: count,
                threads: Concurrency,
                print: g => g.ToString());
            output.WriteLine($"{count} random groups passed in {clock.Elapsed.TotalSeconds:0.0} s");

            // Nothing of any run is left: no actor under /user, and nothing holds what the members held.
            foreach (var system in new[] { shared, withTimeout })
            {
                var left = await system.ActorSelection("/user/*").Ask<ActorIdentity>(new Identify("any"), RunGroupTestKit.Bound);
                Assert.Null(left.Subject);
            }

            await LeakChecks.AssertCollectedAsync(runner.Anchors);
        }
        finally
        {
            await Task.WhenAll(shared.Terminate(), withTimeout.Terminate()).WaitAsync(RunGroupTestKit.Bound);
        }
    }
}
