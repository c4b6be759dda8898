using AkkaRunGroup.Benchmarks;
using AkkaRunGroup.Benchmarks.Quick;
using BenchmarkDotNet.Running;

// --quick: the Stopwatch harness (under a minute). --rss [N]: peak working set of one N-member cycle per variant,
// each in a fresh process. Anything else goes to BenchmarkDotNet (e.g. --filter '*FullCycleAsync*').
return args switch
{
    ["--quick", ..] => await QuickHarness.RunAsync(Console.Out),
    ["--rss"] => RssProbe.RunAll(100_000, Console.Out),
    ["--rss", var n] => RssProbe.RunAll(int.Parse(n), Console.Out),
    ["--rss-one", var variant, var n] => await RssProbe.RunOneAsync(variant, int.Parse(n), Console.Out),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Workloads).Assembly).Run(args);
    return 0;
}
