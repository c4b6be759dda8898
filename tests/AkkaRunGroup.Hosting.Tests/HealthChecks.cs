using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace AkkaRunGroup.Hosting.Tests;

/// <summary>Runs a host's health checks as <c>MapHealthChecks</c> would, filtered by tag.</summary>
internal static class HealthChecks
{
    public static async Task<HealthReport> Check(this IHost host, string tag) =>
        await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains(tag)).Bounded();

    public static async Task<HealthReportEntry> Ready(this IHost host, string group = "main") =>
        (await host.Check("ready")).Entries[$"run-group-{group}-ready"];

    public static async Task<HealthReportEntry> Live(this IHost host, string group = "main") =>
        (await host.Check("live")).Entries[$"run-group-{group}-live"];
}

/// <summary>A hosted service registered after AddAkka, as an ASP.NET Core server is: the host stops it first.</summary>
internal sealed class StopRecorder(Func<RunGroupPhase> phase) : IHostedService
{
    private readonly TaskCompletionSource<RunGroupPhase> _stopped = TestHost.NewTcs<RunGroupPhase>();

    /// <summary>The group's phase when the host stopped this service.</summary>
    public Task<RunGroupPhase> Stopped => _stopped.Task;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopped.TrySetResult(phase());
        return Task.CompletedTask;
    }
}
