// WebService: an ASP.NET Core minimal API whose work goes through an actor member of a run group (Akka.Hosting and
// WithRunGroup), with a background ticker member, readiness and liveness health checks and Prometheus metrics.
// Ctrl+C or SIGTERM stops the host: the group drains first (readiness answers 503 while every request, in flight or
// new, is still served), then it is interrupted, the calculator answers its jobs in flight, and the process exits 0.
// A second Ctrl+C or SIGTERM during the drain ends the drain at once.
//
// It listens on http://127.0.0.1:5080 unless --urls, ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS (which the official
// ASP.NET Core images set) says otherwise; port 0 picks a free port, which the "Now listening on:" line shows. How long
// it drains and then waits for its members is in appsettings.json ("Shutdown"); --drain-delay (500ms, 5s, 0s) overrides
// the drain. A bad flag or value: one line on stderr, exit code 2. Dockerfile builds its image; deploy/k8s/ runs it.
//
//   dotnet run --project samples/WebService
//   dotnet run --project samples/WebService -- --urls http://127.0.0.1:0 --drain-delay 10s
//
//   curl http://127.0.0.1:5080/work/30                   # the calculator actor computes fibonacci(30)
//   curl 'http://127.0.0.1:5080/work/30?delayMs=5000'    # ... and answers after 5 s: press Ctrl+C meanwhile
//   curl -i http://127.0.0.1:5080/healthz/ready          # 200 while the group runs, 503 from the stop on
//   curl -i http://127.0.0.1:5080/healthz/live           # 503 once the group failed or the ActorSystem terminated
//   curl http://127.0.0.1:5080/metrics                   # Prometheus text; the run group's are akka_run_group_*
using System.CommandLine;
using Akka.Actor;
using Akka.Hosting;
using AkkaRunGroup.Hosting;
using AkkaRunGroup.Samples;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using WebService;

const int MaxDelayMs = 10_000;
var askTimeout = TimeSpan.FromMilliseconds(MaxDelayMs) + TimeSpan.FromSeconds(5);

var urlsOption = SampleCommandLine.Urls("Kestrel's URLs, ';'-separated (default: ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS, else http://127.0.0.1:5080); port 0 picks a free port");
var drainOption = SampleCommandLine.Duration("--drain-delay", "how long readiness fails, every request still served, before the group is interrupted (default: Shutdown:DrainDelay in appsettings.json)", defaultValue: null);
var (commandLine, usage) = SampleCommandLine.Parse(
    new RootCommand("web-service: an ASP.NET Core minimal API over a run group") { urlsOption, drainOption }, args, "web-service");
if (commandLine is null)
{
    return usage;
}

// The flags are the sample's own: ASP.NET Core reads its configuration from appsettings.json beside the dll and the
// environment (ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS, Shutdown__InterruptTimeout...), not from args.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
ShutdownSettings shutdown;
try
{
    shutdown = ShutdownSettings.Read(builder.Configuration, commandLine.GetValue(drainOption));
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine($"web-service: {e.Message}");
    return SampleCommandLine.UsageError;
}

WebSample.UseUrls(builder, commandLine.GetValue(urlsOption), "http://127.0.0.1:5080");

builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning); // no lines per request
// A readiness check that fails during the drain is the drain working, not an error to log at every probe.
builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None);
// The host waits out the drain, then the group's interrupt: its shutdown timeout covers both.
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdown.HostShutdownTimeout);
builder.Services.AddRunGroupHealthChecks(); // serves the group's checks, and keeps Kestrel serving during the drain
builder.Services.AddOpenTelemetry()
    .WithMetrics(metrics => metrics.AddRunGroupInstrumentation().AddPrometheusExporter())
    .WithTracing(tracing => tracing.AddRunGroupInstrumentation()); // the shutdown's activity: add an exporter to see it
builder.Services.AddAkka("web-service", akka => akka
    .WithActorSystemLivenessCheck() // Akka.Hosting's own check, tagged "liveness" as the group's liveness check is
    .ConfigureLoggers(loggers =>
    {
        loggers.ClearLoggers();
        loggers.AddLoggerFactory(); // Akka's log lines go to ILogger; the run group's go there directly, under AkkaRunGroup.*
    })
    .WithRunGroup(options =>
    {
        options.Name = "web";
        options.DrainDelay = shutdown.DrainDelay;
        options.InterruptTimeout = shutdown.InterruptTimeout;
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
app.MapHealthChecks("/healthz/ready", WebSample.HealthChecksTagged("ready"));
app.MapHealthChecks("/healthz/live", WebSample.HealthChecksTagged("liveness"));
app.MapPrometheusScrapingEndpoint(); // /metrics

app.Lifetime.ApplicationStopping.Register(() => Console.WriteLine(shutdown.DrainDelay > TimeSpan.Zero
    ? $"web-service: stop received; draining for {shutdown.DrainDelay.TotalSeconds:0.###} s: /healthz/ready answers 503, requests are still served"
    : "web-service: stop received; no drain: interrupting the group"));

await app.StartAsync();
Console.WriteLine($"web-service: started, pid {Environment.ProcessId}; {web.State}");
Console.WriteLine(
    $"web-service: a stop drains for {shutdown.DrainDelay.TotalSeconds:0.###} s, waits up to {shutdown.InterruptTimeout.TotalSeconds:0.###} s for the members, " +
    $"within the host's shutdown timeout of {app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout.TotalSeconds:0.###} s");
await app.WaitForShutdownAsync();

var result = await web.Completion;
Console.WriteLine($"web-service: {result}");
foreach (var member in result.Members)
{
    Console.WriteLine($"  {member}");
}

Console.WriteLine($"web-service: exit code {Environment.ExitCode}");
return Environment.ExitCode; // set to 1 by WithRunGroup when the group failed

