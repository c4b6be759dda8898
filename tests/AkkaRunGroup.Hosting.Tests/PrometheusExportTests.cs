using System.Net;
using Akka.Hosting;
using AkkaRunGroup.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using Xunit.Abstractions;

namespace AkkaRunGroup.Hosting.Tests;

/// <summary>
/// The instruments as OpenTelemetry's Prometheus exporter serves them at <c>/metrics</c> under a real Kestrel, as the
/// web samples do: every metric and label that the alert rules and the dashboard in <c>docs/</c> query is there, by
/// the name the exporter gives it (unit and <c>_total</c> suffixes, a histogram's <c>_bucket</c>, <c>_sum</c>, <c>_count</c>).
/// </summary>
public sealed class PrometheusExportTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_metric_and_label_the_alert_rules_and_the_dashboard_query_is_served_by_its_Prometheus_name()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddRunGroupInstrumentation().AddPrometheusExporter());
        builder.Services.AddAkka("prometheus", akka => akka.WithRunGroup(options =>
        {
            // Live for the whole test: its phase and its members running.
            options.Name = "served";
            options.StopHostOnCompletion = false;
            options.Configure = (group, _, _) => group.Add(token => Task.Delay(Timeout.Infinite, token), name: "server");
        }));
        await using var app = builder.Build();
        app.MapPrometheusScrapingEndpoint();
        await app.StartAsync().Bounded();
        using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };

        // A run that goes through every event, on the host's ActorSystem and so its meter: a restart, an exit, an
        // abandoned member, a failed completion.
        using var release = new ManualResetEventSlim();
        var incarnations = 0;
        var restarted = TestHost.NewTcs<bool>();
        var events = new RunGroup("events")
            .WithInterruptTimeout(TimeSpan.FromMilliseconds(200))
            .Add(
                async token =>
                {
                    if (Interlocked.Increment(ref incarnations) == 1)
                    {
                        throw new TimeoutException("first incarnation");
                    }

                    restarted.TrySetResult(true);
                    await Task.Delay(Timeout.Infinite, token);
                },
                null,
                "flaky",
                RestartPolicy.OnFailure(maxRestarts: 1, minBackoff: TimeSpan.FromMilliseconds(10), maxBackoff: TimeSpan.FromMilliseconds(10)))
            .Add(() => { release.Wait(TestHost.Bound); return null; }, _ => { }, "deaf")
            .Add(async _ => { await restarted.Task; throw new InvalidOperationException("done"); }, name: "stopper");
        await events.RunAsync(app.Services.GetRequiredService<Akka.Actor.ActorSystem>()).Bounded();
        release.Set();

        var exposition = await http.GetStringAsync("/metrics").Bounded();
        output.WriteLine(exposition);

        var exposed = OperatorDocs.Exposed(exposition);
        Assert.NotEmpty(OperatorDocs.MetricNames());
        Assert.All(OperatorDocs.MetricNames(), name => Assert.Contains(name, exposed));
        Assert.All(OperatorDocs.LabelNames(), label => Assert.Contains($"{label}=\"", exposition));
        Assert.Contains("""akka_run_group_phase{otel_scope_name="AkkaRunGroup",otel_scope_version=""", exposition);
        Assert.Matches("""akka_run_group_phase\{[^}]*akka_run_group_name="served",akka_run_group_phase="running"\} 1\n""", exposition);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/metrics")).StatusCode);

        await app.StopAsync().Bounded();
    }
}
