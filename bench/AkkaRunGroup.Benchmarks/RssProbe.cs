using System.Diagnostics;

namespace AkkaRunGroup.Benchmarks;

/// <summary>
/// The <c>--rss [N]</c> mode: runs one full cycle of N members (default 100,000) for the library and each baseline,
/// each in a fresh process, and prints each process's peak working set. A fresh process per variant keeps one
/// variant's heap from inflating another's peak.
/// </summary>
internal static class RssProbe
{
    private static readonly string[] Variants = ["RunGroup", "plain-tasks", "akka-floor"];

    public static int RunAll(int members, TextWriter output)
    {
        output.WriteLine($"peak working set of one full cycle with {members:N0} async members, each in a fresh process:");
        foreach (var variant in Variants)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            {
                start.ArgumentList.Add(typeof(RssProbe).Assembly.Location);
            }

            foreach (var argument in new[] { "--rss-one", variant, members.ToString() })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var line = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                output.WriteLine($"{variant}: the probe process failed with exit code {process.ExitCode}");
                return process.ExitCode;
            }

            output.WriteLine(line);
        }

        return 0;
    }

    public static async Task<int> RunOneAsync(string variant, int members, TextWriter output)
    {
        var system = variant == "plain-tasks" ? null : Workloads.CreateSystem();
        var watch = Stopwatch.StartNew();
        await (variant switch
        {
            "RunGroup" => Workloads.RunGroupCycle(system!, members, sync: false),
            "plain-tasks" => Workloads.PlainTaskCycle(members, sync: false),
            "akka-floor" => Workloads.AkkaFloorCycle(system!, members),
            _ => throw new ArgumentException($"Unknown variant '{variant}'; expected one of {string.Join(", ", Variants)}.", nameof(variant)),
        });
        watch.Stop();
        using var self = Process.GetCurrentProcess();
        output.WriteLine($"{variant,-12} N={members:N0}: peak working set {self.PeakWorkingSet64 / (1024.0 * 1024):0} MB, cycle {watch.Elapsed.TotalMilliseconds:0} ms");
        if (system is not null)
        {
            await system.Terminate();
        }

        return 0;
    }
}
