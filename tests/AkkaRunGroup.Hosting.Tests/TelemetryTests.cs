using System.Diagnostics;
using System.Diagnostics.Metrics;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AkkaRunGroup.Hosting.Tests;

/// <summary>
/// A hosted group's telemetry under a real Generic Host: its instruments come from the host's IMeterFactory, and
/// AddRunGroupInstrumentation makes OpenTelemetry collect them and the shutdown activity.
/// </summary>
public sealed class TelemetryTests
{
    private const string GroupTag = "akka.run_group.name";

    [Fact]
    public async Task A_hosted_group_records_with_the_meter_of_the_hosts_IMeterFactory()
    {
        var name = $"hosted-meter-{Guid.NewGuid():N}";
        using var host = TestHost.Build(akka => akka.WithRunGroup(name, (group, _, _) => group.Add(() => null, _ => { }, "returns")));
        var meterFactory = host.Services.GetRequiredService<IMeterFactory>();
        using var fromTheHost = new MetricCollector<long>(meterFactory, RunGroupTelemetry.MeterName, "akka.run_group.run.completed");
        using var fromTheStaticMeter = new MetricCollector<long>(null, RunGroupTelemetry.MeterName, "akka.run_group.run.completed");

        await host.StartAsync().Bounded();
        await host.Services.GetRunGroup(name).Completion.Bounded();
        await host.WaitForShutdownAsync().Bounded();

        var completed = Assert.Single(fromTheHost.GetMeasurementSnapshot(), m => Equals(m.Tags[GroupTag], name));
        Assert.Equal(1, completed.Value);
        Assert.Equal("clean", completed.Tags["akka.run_group.outcome"]);
        Assert.Same(meterFactory, fromTheHost.Instrument!.Meter.Scope);
        Assert.DoesNotContain(fromTheStaticMeter.GetMeasurementSnapshot(), m => Equals(m.Tags.GetValueOrDefault(GroupTag), name));
    }

    [Fact]
    public async Task AddRunGroupInstrumentation_makes_OpenTelemetry_collect_the_instruments_and_the_shutdown_activity()
    {
        var name = $"hosted-otel-{Guid.NewGuid():N}";
        var metrics = new List<MetricSnapshot>();
        var spans = new List<Activity>();
        using var host = TestHost.Build(
            akka => akka.WithRunGroup(name, (group, _, _) => group
                .Add(() => new InvalidOperationException("broken"), _ => { }, "broken")
                .Add(token => Task.Delay(Timeout.Infinite, token), name: "waits")),
            builder => builder.Services.AddOpenTelemetry()
                .WithMetrics(m => m.AddRunGroupInstrumentation().AddInMemoryExporter(metrics))
                .WithTracing(t => t.AddRunGroupInstrumentation().AddInMemoryExporter(spans)));

        await host.StartAsync().Bounded();
        await host.Services.GetRunGroup(name).Completion.Bounded();
        await host.WaitForShutdownAsync().Bounded();
        Assert.True(host.Services.GetRequiredService<MeterProvider>().ForceFlush());

        var ours = metrics.Where(m => PointsOf(m).Any(p => Tags(p).GetValueOrDefault(GroupTag) as string == name)).ToList();
        Assert.Equal(
            [
                // The observable instruments report live runs only: this one has completed when the meter is flushed.
                ("akka.run_group.member.exits", "{exit}"),
                ("akka.run_group.run.completed", "{run}"), ("akka.run_group.run.duration", "s"),
                ("akka.run_group.run.started", "{run}"), ("akka.run_group.shutdown.duration", "s"),
            ],
            ours.Select(m => (m.Name, m.Unit)).Distinct().Order());
        var duration = PointsOf(ours.First(m => m.Name == "akka.run_group.run.duration")).Single(p => Tags(p)[GroupTag] as string == name);
        Assert.Equal(1, duration.GetHistogramCount());
        Assert.Contains(86400.0, HistogramBounds(duration));
        Assert.Equal("System.InvalidOperationException", Tags(duration)["error.type"]);

        var shutdown = Assert.Single(spans, s => s.GetTagItem(GroupTag) as string == name);
        Assert.Equal(("akka.run_group.shutdown", "failed"), (shutdown.OperationName, shutdown.GetTagItem("akka.run_group.outcome")));
        Assert.Equal("akka.run_group.first_exit", Assert.Single(shutdown.Events).Name);
    }

    [Fact]
    public async Task Two_hosted_groups_on_one_system_each_report_their_phase_once_from_the_hosts_meter()
    {
        var first = $"hosted-phase-a-{Guid.NewGuid():N}";
        var second = $"hosted-phase-b-{Guid.NewGuid():N}";
        using var host = TestHost.Build(akka => akka
            .WithRunGroup(first, (group, _, _) => group.Add(token => Task.Delay(Timeout.Infinite, token), name: "a"))
            .WithRunGroup(second, (group, _, _) => group.Add(token => Task.Delay(Timeout.Infinite, token), name: "b")));
        var meterFactory = host.Services.GetRequiredService<IMeterFactory>();
        var phases = new List<(string Group, string Phase, long Value)>();
        var instruments = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meterFactory && instrument.Name == "akka.run_group.phase")
                {
                    Interlocked.Increment(ref instruments);
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var all = tags.ToArray().ToDictionary(t => t.Key, t => t.Value);
            phases.Add(((string)all[GroupTag]!, (string)all["akka.run_group.phase"]!, value));
        });
        listener.Start();

        await host.StartAsync().Bounded();
        await host.Services.GetRunGroup(first).Started.Bounded();
        await host.Services.GetRunGroup(second).Started.Bounded();
        using var bound = new CancellationTokenSource(TestHost.Bound);
        while (host.Services.GetRunGroup(first).State.Phase != RunGroupPhase.Running || host.Services.GetRunGroup(second).State.Phase != RunGroupPhase.Running)
        {
            await Task.Delay(10, bound.Token);
        }

        listener.RecordObservableInstruments();

        // One set of instruments per meter, however many groups start on the system: the host's factory gives them one meter.
        Assert.Equal(1, instruments);
        foreach (var group in new[] { first, second })
        {
            var reported = phases.Where(p => p.Group == group).ToList();
            Assert.Equal(5, reported.Count);
            Assert.Equal(("running", 1L), Assert.Single(reported, p => p.Value != 0) is var (_, phase, value) ? (phase, value) : default);
        }

        await host.StopAsync().Bounded();
    }

    private static IReadOnlyList<MetricPoint> PointsOf(MetricSnapshot metric) => metric.MetricPoints;

    private static Dictionary<string, object?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>();
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value;
        }

        return tags;
    }

    private static List<double> HistogramBounds(MetricPoint point)
    {
        var bounds = new List<double>();
        foreach (var bucket in point.GetHistogramBuckets())
        {
            bounds.Add(bucket.ExplicitBound);
        }

        return bounds;
    }
}
