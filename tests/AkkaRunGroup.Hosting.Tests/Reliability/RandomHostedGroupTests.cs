using System.Diagnostics;
using CsCheck;
using Xunit.Abstractions;

namespace AkkaRunGroup.Hosting.Tests.Reliability;

/// <summary>
/// Seeded random hosted groups, each run by WithRunGroup under its own Generic Host and checked against every rule.
/// A failure names the CsCheck seed (rerun with <c>CsCheck_Seed=...</c>) and the smallest failing group found.
/// </summary>
public sealed class RandomHostedGroupTests(ITestOutputHelper output)
{
    /// <summary>The environment variable that sets the number of random hosted groups, for a longer soak.</summary>
    public const string CountVariable = "AKKARUNGROUP_RANDOM_HOSTED_GROUPS";

    /// <summary>A host and its ActorSystem cost tens of milliseconds to start and stop: a few hundred groups are enough.</summary>
    private const int DefaultCount = 200;

    [Fact]
    public async Task Random_hosted_groups_keep_every_rule()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable(CountVariable), out var n) && n > 0 ? n : DefaultCount;
        var runner = new HostedChaosRunner();
        var clock = Stopwatch.StartNew();
        await HostedChaosModel.Groups.SampleAsync(runner.RunAsync, writeLine: output.WriteLine, iter: count, threads: 4, print: g => g.ToString());
        output.WriteLine($"{count} random hosted groups passed in {clock.Elapsed.TotalSeconds:0.0} s");
        foreach (var (what, times) in runner.Coverage.OrderBy(c => c.Key))
        {
            output.WriteLine($"  {what}: {times}");
        }
    }
}
