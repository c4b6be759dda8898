using AkkaRunGroup.Benchmarks;
using AkkaRunGroup.Benchmarks.Quick;
using BenchmarkDotNet.Running;

// --quick [REGEX]: the Stopwatch harness (under a minute), optionally only the cases whose name matches REGEX. --quick-telemetry [REGEX]: the same with a
// MeterListener and an ActivityListener attached to AkkaRunGroup's meter and activity source. --rss [N]: peak working set of one N-member cycle per variant,
// each in a fresh process. Anything else goes to BenchmarkDotNet (e.g. --filter '*FullCycleAsync*').
return args switch
{
    ["--quick"] => await QuickHarness.RunAsync(Console.Out, "", telemetry: false),
    ["--quick", var filter] => await QuickHarness.RunAsync(Console.Out, filter, telemetry: false),
    ["--quick-telemetry"] => await QuickHarness.RunAsync(Console.Out, "", telemetry: true),
    ["--quick-telemetry", var filter] => await QuickHarness.RunAsync(Console.Out, filter, telemetry: true),
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
