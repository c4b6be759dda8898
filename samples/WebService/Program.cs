// WebService: an ASP.NET Core minimal API whose work goes through an actor member of a run group (Akka.Hosting and
// WithRunGroup), with a background ticker member, readiness and liveness health checks and Prometheus metrics.
// Ctrl+C or SIGTERM stops the host: the group drains first (readiness answers 503 while every request, in flight or
// new, is still served), then it is interrupted, the calculator answers its jobs in flight, and the process exits 0.
// A second Ctrl+C or SIGTERM during the drain ends the drain at once.
//
// It listens on http://127.0.0.1:5080 unless --urls (or ASPNETCORE_URLS) says otherwise; port 0 picks a free port,
// which the "Now listening on:" line shows. It drains for 2 s unless --drain-delay says otherwise (500ms, 5s, 0s).
//
//   dotnet run --project samples/WebService
//   dotnet run --project samples/WebService -- --urls http://127.0.0.1:0 --drain-delay 10s
//
//   curl http://127.0.0.1:5080/work/30                   # the calculator actor computes fibonacci(30)
//   curl 'http://127.0.0.1:5080/work/30?delayMs=5000'    # ... and answers after 5 s: press Ctrl+C meanwhile
//   curl -i http://127.0.0.1:5080/healthz/ready          # 200 while the group runs, 503 from the stop on
//   curl -i http://127.0.0.1:5080/healthz/live           # 503 once the group failed
//   curl http://127.0.0.1:5080/metrics                   # Prometheus text; the run group's are akka_run_group_*
using System.Globalization;
using Akka.Actor;
using Akka.Hosting;
using AkkaRunGroup.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using WebService;

const int MaxDelayMs = 10_000;
var askTimeout = TimeSpan.FromMilliseconds(MaxDelayMs) + TimeSpan.FromSeconds(5);
var interruptTimeout = TimeSpan.FromSeconds(30);

var builder = WebApplication.CreateBuilder(args);
var drainDelay = ParseDuration(builder.Configuration["drain-delay"] ?? "2s");
if (builder.Configuration["urls"] is null)
{
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}

builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning); // no lines per request
// A readiness check that fails during the drain is the drain working, not an error to log at every probe.
builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None);
// The host waits out the drain, then the group's interrupt: its shutdown timeout covers both.
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = drainDelay + interruptTimeout);
builder.Services.AddRunGroupHealthChecks(); // serves the group's checks, and keeps Kestrel serving during the drain
builder.Services.AddOpenTelemetry()
    .WithMetrics(metrics => metrics.AddRunGroupInstrumentation().AddPrometheusExporter())
    .WithTracing(tracing => tracing.AddRunGroupInstrumentation()); // the shutdown's activity: add an exporter to see it
builder.Services.AddAkka("web-service", akka => akka
    .ConfigureLoggers(loggers =>
    {
        loggers.ClearLoggers();
        loggers.AddLoggerFactory(); // Akka's log lines go to ILogger; the run group's go there directly, under AkkaRunGroup.*
    })
    .WithRunGroup(options =>
    {
        options.Name = "web";
        options.DrainDelay = drainDelay;
        options.InterruptTimeout = interruptTimeout;
        options.Configure = (group, services, _) => group
            .AddActor(Props.Create<Calculator>(), "calculator", error => new Calculator.Stop(error))
            .Add(new Ticker(services.GetRunGroup("web")).RunAsync, name: "ticker");
    }));

await using var app = builder.Build();
var web = app.Services.GetRunGroup("web");

app.MapGet("/work/{n:int}", async (int n, int? delayMs, IRequiredActor<Calculator> calculator, CancellationToken aborted) =>
{
    if (n is < 0 or > Calculator.MaxN || delayMs is < 0 or > MaxDelayMs)
    {
        return Results.Text($"n must be from 0 to {Calculator.MaxN}, delayMs from 0 to {MaxDelayMs}\n", statusCode: StatusCodes.Status400BadRequest);
    }

    var work = new Calculator.Work(n, TimeSpan.FromMilliseconds(delayMs ?? 0));
    try
    {
        var done = await (await calculator.GetAsync(aborted)).Ask<Calculator.WorkDone>(work, askTimeout, aborted);
        return Results.Ok(new { done.N, done.Fibonacci, done.Job, done.Calculator, Phase = web.State.Phase.ToString() });
    }
    catch (Exception e) when (e is InvalidOperationException or AskTimeoutException)
    {
        return Results.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
});
app.MapHealthChecks("/healthz/ready", HealthChecksTagged("ready"));
app.MapHealthChecks("/healthz/live", HealthChecksTagged("live"));
app.MapPrometheusScrapingEndpoint(); // /metrics

app.Lifetime.ApplicationStopping.Register(() => Console.WriteLine(drainDelay > TimeSpan.Zero
    ? $"web-service: stop received; draining for {drainDelay.TotalSeconds:0.###} s: /healthz/ready answers 503, requests are still served"
    : "web-service: stop received; no drain: interrupting the group"));

await app.StartAsync();
Console.WriteLine($"web-service: started, pid {Environment.ProcessId}; {web.State}");
await app.WaitForShutdownAsync();

var result = await web.Completion;
Console.WriteLine($"web-service: {result}");
foreach (var member in result.Members)
{
    Console.WriteLine($"  {member}");
}

Console.WriteLine($"web-service: exit code {Environment.ExitCode}");

// The checks the group registered, chosen by tag; the answer names each check's state in words.
static HealthCheckOptions HealthChecksTagged(string tag) => new()
{
    Predicate = registration => registration.Tags.Contains(tag),
    ResponseWriter = (context, report) => context.Response.WriteAsync(
        $"{report.Status}: {string.Join("; ", report.Entries.Select(e => $"{e.Key}: {e.Value.Description}"))}\n"),
};

// Reads 500ms, 5s, 2m or a plain number of seconds; zero means no drain.
static TimeSpan ParseDuration(string text)
{
    var (number, unit) = text switch
    {
        _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 1e-3),
        _ when text.EndsWith('s') => (text[..^1], 1.0),
        _ when text.EndsWith('m') => (text[..^1], 60.0),
        _ => (text, 1.0),
    };
    return double.TryParse(number, CultureInfo.InvariantCulture, out var n) && n >= 0
        ? TimeSpan.FromSeconds(n * unit)
        : throw new ArgumentException($"--drain-delay: '{text}' is not a duration such as 500ms, 5s or 0s");
}
