using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text.RegularExpressions;
using Akka.Actor;

namespace AkkaRunGroup.Benchmarks.Quick;

/// <summary>
/// The <c>--quick</c> mode: a Stopwatch harness that warms each case up, then takes interleaved samples of the library
/// and both baselines (rotating which goes first), and prints one line per case with the medians, the ratios and the
/// bytes allocated per member. It runs in well under a minute; BenchmarkDotNet's mode is the thorough one.
/// </summary>
internal static class QuickHarness
{
    private static readonly TimeSpan SampleTimeout = TimeSpan.FromMinutes(2);

    public static async Task<int> RunAsync(TextWriter output, string filter)
    {
        var total = Stopwatch.StartNew();
        var system = Workloads.CreateSystem();
        try
        {
            await Workloads.VerifyAsync(system);
            await WarmUpAsync(system);
            output.WriteLine(
                $"AkkaRunGroup quick benchmark: {Environment.ProcessorCount} cores, .NET {Environment.Version}, " +
                $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
            output.WriteLine("median of interleaved samples; (xR) = RunGroup's median / the baseline's; B/member = bytes allocated per member");
            foreach (var quickCase in Cases(system).Where(c => Regex.IsMatch(c.Name, filter)))
            {
                output.WriteLine(Format(quickCase, await MeasureAsync(quickCase)));
            }
        }
        finally
        {
            await system.Terminate();
        }

        output.WriteLine($"total {total.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }

    /// <summary>
    /// Runs small cycles of every variant for a while, so that tiered JIT has promoted the hot paths before the first
    /// case is measured (without it, the first case measures tier-0 code and the background JIT).
    /// </summary>
    private static async Task WarmUpAsync(ActorSystem system)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(3))
        {
            foreach (var n in new[] { 1, 2, 10 })
            {
                await Workloads.RunGroupCycle(system, n, sync: false);
                await Workloads.PlainTaskCycle(n, sync: false);
                await Workloads.AkkaFloorCycle(system, n);
            }

            await Workloads.RunGroupCycle(system, 2, sync: true);
            await Workloads.PlainTaskCycle(2, sync: true);
        }
    }

    private static IEnumerable<QuickCase> Cases(ActorSystem system)
    {
        foreach (var (n, batch, rounds) in new[] { (1, 100, 15), (100, 10, 15), (10_000, 1, 7) })
        {
            yield return new QuickCase(
                $"full cycle, async, N={n:N0}", n, batch, rounds,
                () => Workloads.RunGroupCycle(system, n, sync: false),
                () => Workloads.PlainTaskCycle(n, sync: false),
                () => Workloads.AkkaFloorCycle(system, n));
        }

        foreach (var (n, batch, rounds) in new[] { (1, 50, 11), (100, 2, 11) })
        {
            yield return new QuickCase(
                $"full cycle, sync, N={n:N0}", n, batch, rounds,
                () => Workloads.RunGroupCycle(system, n, sync: true),
                () => Workloads.PlainTaskCycle(n, sync: true),
                () => Workloads.AkkaFloorCycle(system, n));
        }

        const int Pairs = 10_000;
        yield return new QuickCase(
            $"{Pairs:N0} groups of 2 in a row", 2 * Pairs, 1, 5,
            () => Workloads.RunGroupPairs(system, Pairs),
            () => Workloads.PlainTaskPairs(Pairs),
            () => Workloads.AkkaFloorPairs(system, Pairs),
            Pairs);

        const int Large = 100_000;
        yield return new QuickCase(
            $"full cycle, async, N={Large:N0}", Large, 1, 3,
            () => Workloads.RunGroupCycle(system, Large, sync: false),
            () => Workloads.PlainTaskCycle(Large, sync: false),
            () => Workloads.AkkaFloorCycle(system, Large),
            WarmUp: false);
    }

    private static async Task<Medians> MeasureAsync(QuickCase quickCase)
    {
        var runs = new[] { quickCase.RunGroup, quickCase.PlainTasks, quickCase.AkkaFloor };
        var names = new[] { "RunGroup", "plain Tasks", "Akka floor" };
        var samples = runs.Select(_ => new List<Sample>()).ToArray();
        foreach (var run in quickCase.WarmUp ? runs : [])
        {
            // Warm-up: JIT, thread pool growth, Akka's dispatcher; one sample of each, not recorded.
            await SampleAsync(run, Math.Max(1, quickCase.Batch / 2), quickCase.Name);
        }

        for (var round = 0; round < quickCase.Rounds; round++)
        {
            for (var k = 0; k < runs.Length; k++)
            {
                var which = (round + k) % runs.Length;
                samples[which].Add(await SampleAsync(runs[which], quickCase.Batch, $"{quickCase.Name}: {names[which]}"));
            }
        }

        var perOp = samples
            .Select(s => s.Select(x => x.Elapsed.TotalMicroseconds / quickCase.Batch).Order().ElementAt(s.Count / 2))
            .ToArray();
        var bytes = samples
            .Select(s => s.Select(x => (double)x.Allocated / quickCase.Batch / quickCase.MembersPerOp).Order().ElementAt(s.Count / 2))
            .ToArray();
        return new Medians(perOp[0], perOp[1], perOp[2], bytes[0], bytes[1], bytes[2]);
    }

    private static async Task<Sample> SampleAsync(Func<Task> run, int batch, string what)
    {
        // Start each sample with the previous one's garbage collected, so that no sample pays for another's.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < batch; i++)
        {
            try
            {
                await run().WaitAsync(SampleTimeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"{what}: an operation did not complete within {SampleTimeout.TotalSeconds} s.");
            }
        }

        watch.Stop();
        return new Sample(watch.Elapsed, GC.GetTotalAllocatedBytes(precise: true) - allocated);
    }

    private static string Format(QuickCase c, Medians m)
    {
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"{c.Name,-32} RunGroup {Time(m.RunGroup),10} | plain Tasks {Time(m.Plain),10} (x{m.RunGroup / m.Plain:0.00}) | " +
            $"Akka floor {Time(m.Floor),10} (x{m.RunGroup / m.Floor:0.00}) | B/member RunGroup {m.RunGroupBytes:N0}, plain {m.PlainBytes:N0}, floor {m.FloorBytes:N0}");
        return c.GroupsPerOp == 0
            ? line
            : line + string.Create(
                CultureInfo.InvariantCulture,
                $" | groups/s RunGroup {PerSecond(c, m.RunGroup):N0}, plain {PerSecond(c, m.Plain):N0}, floor {PerSecond(c, m.Floor):N0}");
    }

    private static double PerSecond(QuickCase c, double microsecondsPerOp) => c.GroupsPerOp / (microsecondsPerOp / 1e6);

    private static string Time(double microseconds) => microseconds switch
    {
        < 1_000 => string.Create(CultureInfo.InvariantCulture, $"{microseconds:0.0} us"),
        < 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{microseconds / 1_000:0.00} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{microseconds / 1_000_000:0.000} s"),
    };

    private readonly record struct Sample(TimeSpan Elapsed, long Allocated);

    private readonly record struct Medians(double RunGroup, double Plain, double Floor, double RunGroupBytes, double PlainBytes, double FloorBytes);
}
