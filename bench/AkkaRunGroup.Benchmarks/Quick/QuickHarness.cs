using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text.RegularExpressions;
using Akka.Actor;

namespace AkkaRunGroup.Benchmarks.Quick;

/// <summary>
/// The <c>--quick</c> mode: a Stopwatch harness that warms each case up, then takes interleaved samples of the library
/// and both baselines (rotating which goes first), and prints one line per case with the medians, the ratios and the
/// bytes allocated per member. An operation is timed from the call of Run to its completion: the time spent building
/// its groups is measured apart, left out of the medians and reported on its own; the bytes include it. It runs in
/// well under a minute; BenchmarkDotNet's mode (which times building and running together) is the thorough one.
/// </summary>
internal static class QuickHarness
{
    private static readonly TimeSpan SampleTimeout = TimeSpan.FromMinutes(2);

    /// <param name="output">Where the report goes.</param>
    /// <param name="filter">A regular expression: only the cases whose name matches it run.</param>
    /// <param name="telemetry">Whether listeners are attached to the library's meter and activity source, from before the warm-up on.</param>
    public static async Task<int> RunAsync(TextWriter output, string filter, bool telemetry)
    {
        var total = Stopwatch.StartNew();
        using var listeners = telemetry ? new TelemetryListeners() : null;
        var system = Workloads.CreateSystem();
        try
        {
            await Workloads.VerifyAsync(system);
            await WarmUpAsync(system);
            output.WriteLine(
                $"AkkaRunGroup quick benchmark: {Environment.ProcessorCount} cores, .NET {Environment.Version}, " +
                $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, " +
                (telemetry ? "with a MeterListener and an ActivityListener attached" : "no telemetry listener"));
            output.WriteLine("times: median of interleaved samples, from the call of Run to completion; (xR) = median over rounds of RunGroup / the baseline, both sampled in the same round; B/member = bytes allocated per member, building included");
            foreach (var quickCase in Cases(system).Where(c => Regex.IsMatch(c.Name, filter)))
            {
                output.WriteLine(Format(quickCase, await MeasureAsync(quickCase)));
            }
        }
        finally
        {
            await system.Terminate();
        }

        if (listeners is not null)
        {
            output.WriteLine(listeners.Report());
        }

        output.WriteLine($"total {total.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }

    /// <summary>
    /// Runs small cycles of every variant for a while, so that tiered JIT has promoted the hot paths before the first
    /// case is measured (without it, the first case measures tier-0 code and the background JIT). With 3 s, the
    /// one-member ratio of separate processes ranged from 1.16 to 1.55; from 6 s on, it settled within a few percent.
    /// </summary>
    private static async Task WarmUpAsync(ActorSystem system)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(8))
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
        foreach (var (n, batch, rounds) in new[] { (1, 1000, 11), (100, 10, 15), (10_000, 1, 7) })
        {
            yield return Cycle($"full cycle, async, N={n:N0}", n, sync: false, batch, rounds);
        }

        foreach (var (n, batch, rounds) in new[] { (1, 50, 11), (100, 2, 11) })
        {
            yield return Cycle($"full cycle, sync, N={n:N0}", n, sync: true, batch, rounds);
        }

        const int Pairs = 10_000;
        var childrenOnly = new Baselines.AkkaChildrenOnly(system);
        yield return Cycle($"{Pairs:N0} groups of 2 in a row", 2, sync: false, batch: Pairs, rounds: 5) with
        {
            GroupsPerOp = 1,
            Reference = ("2 children of one long-lived parent", () => () => childrenOnly.RunAsync(2)),
        };

        const int Large = 100_000;
        yield return Cycle($"full cycle, async, N={Large:N0}", Large, sync: false, batch: 1, rounds: 3) with { WarmUp = false };

        QuickCase Cycle(string name, int n, bool sync, int batch, int rounds) => new(
            name, n, batch, rounds,
            () =>
            {
                var group = Workloads.BuildRunGroup(n, sync);
                return () => group.RunAsync(system);
            },
            () =>
            {
                var group = Workloads.BuildPlainTaskGroup(n, sync);
                return () => group.RunAsync();
            },
            () => () => Workloads.AkkaFloorCycle(system, n));
    }

    private static async Task<Medians> MeasureAsync(QuickCase quickCase)
    {
        var reference = quickCase.Reference is { } r ? new[] { r } : [];
        Func<Func<Task>>[] runs = [quickCase.RunGroup, quickCase.PlainTasks, quickCase.AkkaFloor, .. reference.Select(x => x.Run)];
        string[] names = ["RunGroup", "plain Tasks", "Akka floor", .. reference.Select(x => x.Name)];
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
        var building = samples
            .Select(s => s.Select(x => x.Building.TotalMicroseconds / quickCase.Batch).Order().ElementAt(s.Count / 2))
            .ToArray();
        var bytes = samples
            .Select(s => s.Select(x => (double)x.Allocated / quickCase.Batch / quickCase.MembersPerOp).Order().ElementAt(s.Count / 2))
            .ToArray();
        // The ratios pair the samples of one round, taken back to back: a drift of the machine's speed over the case
        // (another process, the host of a virtual machine) moves both sides of a ratio alike.
        var vsPlain = Median(samples[0].Zip(samples[1], static (r, p) => r.Elapsed / p.Elapsed));
        var vsFloor = Median(samples[0].Zip(samples[2], static (r, f) => r.Elapsed / f.Elapsed));
        return new Medians(
            perOp[0], perOp[1], perOp[2], vsPlain, vsFloor, bytes[0], bytes[1], bytes[2], building[0], building[1], perOp.ElementAtOrDefault(3));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static async Task<Sample> SampleAsync(Func<Func<Task>> prepare, int batch, string what)
    {
        // Start each sample with the previous one's garbage collected, so that no sample pays for another's.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        TimeSpan elapsed, built;
        try
        {
            // One bound for the whole sample, rather than a timer per operation that would be timed with it.
            (elapsed, built) = await RunBatchAsync(prepare, batch).WaitAsync(SampleTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{what}: a sample did not complete within {SampleTimeout.TotalSeconds} s.");
        }

        return new Sample(elapsed, built, GC.GetTotalAllocatedBytes(precise: true) - allocated);
    }

    /// <returns>The time the operations took from their Run calls to their completions, and the time building them took.</returns>
    private static async Task<(TimeSpan Elapsed, TimeSpan Built)> RunBatchAsync(Func<Func<Task>> prepare, int batch)
    {
        // Each group is built right before its run, as a program would, and the building is timed apart and left out:
        // building them all first would keep every finished run reachable from the built groups until the sample ends.
        var building = 0L;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < batch; i++)
        {
            var buildingStarted = Stopwatch.GetTimestamp();
            var operation = prepare();
            building += Stopwatch.GetTimestamp() - buildingStarted;
            await operation();
        }

        watch.Stop();
        var built = Stopwatch.GetElapsedTime(0, building);
        return (watch.Elapsed - built, built);
    }

    private static string Format(QuickCase c, Medians m)
    {
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"{c.Name,-32} RunGroup {Time(m.RunGroup),10} | plain Tasks {Time(m.Plain),10} (x{m.VsPlain:0.00}) | " +
            $"Akka floor {Time(m.Floor),10} (x{m.VsFloor:0.00}) | B/member RunGroup {m.RunGroupBytes:N0}, plain {m.PlainBytes:N0}, floor {m.FloorBytes:N0} | " +
            $"building (untimed) RunGroup {Time(m.RunGroupBuilding)}, plain {Time(m.PlainBuilding)}");
        if (c.GroupsPerOp != 0)
        {
            line += string.Create(
                CultureInfo.InvariantCulture,
                $" | groups/s RunGroup {PerSecond(c, m.RunGroup):N0}, plain {PerSecond(c, m.Plain):N0}, floor {PerSecond(c, m.Floor):N0}");
        }

        if (c.Reference is { Name: var name })
        {
            var perSecond = c.GroupsPerOp == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $", {PerSecond(c, m.Reference):N0}/s");
            line += string.Create(CultureInfo.InvariantCulture, $" | reference, {name}: {Time(m.Reference)}{perSecond}");
        }

        return line;
    }

    private static double PerSecond(QuickCase c, double microsecondsPerOp) => c.GroupsPerOp / (microsecondsPerOp / 1e6);

    private static string Time(double microseconds) => microseconds switch
    {
        < 1_000 => string.Create(CultureInfo.InvariantCulture, $"{microseconds:0.0} us"),
        < 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{microseconds / 1_000:0.00} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{microseconds / 1_000_000:0.000} s"),
    };

    private readonly record struct Sample(TimeSpan Elapsed, TimeSpan Building, long Allocated);

    private readonly record struct Medians(
        double RunGroup,
        double Plain,
        double Floor,
        double VsPlain,
        double VsFloor,
        double RunGroupBytes,
        double PlainBytes,
        double FloorBytes,
        double RunGroupBuilding,
        double PlainBuilding,
        double Reference);
}
