// HostedService: the Generic Host runs an ActorSystem (Akka.Hosting), and WithRunGroup runs a group in it with an
// actor member, an existing BackgroundService and a TCP echo listener. Ctrl+C or SIGTERM stops the host, which
// interrupts the group and waits for it; --exit-after <duration> makes the heartbeat actor stop the group by itself.
//
//   dotnet run --project samples/HostedService                      # stops after 10 s, or at Ctrl+C / SIGTERM
//   dotnet run --project samples/HostedService -- --exit-after 3s   # any duration: 500ms, 3s, 2m, 1h, or "never"
using System.CommandLine;
using System.Net;
using Akka.Actor;
using Akka.Hosting;
using AkkaRunGroup;
using AkkaRunGroup.Hosting;
using AkkaRunGroup.Samples;
using HostedService;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var exitAfterOption = SampleCommandLine.Duration("--exit-after", "when the heartbeat actor stops the group by itself", TimeSpan.FromSeconds(10), never: true);
var (commandLine, usage) = SampleCommandLine.Parse(
    new RootCommand("hosted-service: a run group under the Generic Host and Akka.Hosting") { exitAfterOption }, args, "hosted-service");
if (commandLine is null)
{
    return usage;
}

var exitAfter = commandLine.GetValue(exitAfterOption) is { } after && after != SampleCommandLine.Never ? after : (TimeSpan?)null;

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true);
builder.Services.AddSingleton<Reporter>();
// WithRunGroup turns Akka's own SIGTERM hook off: the host owns SIGINT and SIGTERM (its ConsoleLifetime).
builder.Services.AddAkka("hosted-service", (akka, _) => akka
    .ConfigureLoggers(loggers =>
    {
        loggers.ClearLoggers();
        loggers.AddLoggerFactory(); // Akka's log lines go to ILogger; the run group's go there directly, under AkkaRunGroup.*
    })
    .WithRunGroup("hosted", (group, services, registry) =>
    {
        var echo = new EchoListener(new IPEndPoint(IPAddress.Loopback, 0));
        group
            .AddActor(Props.Create(() => new Heartbeat(exitAfter)), "heartbeat", error => new Heartbeat.Stop(error))
            .AddHostedService(new Reporter.Worker(services.GetRequiredService<Reporter>(), echo.EndPoint), "reporter")
            .Add(echo.ServeAsync, name: "echo");
    }));

using var host = builder.Build();
var handle = host.Services.GetRunGroup("hosted");
await host.RunAsync();

var result = await handle.Completion;
Console.WriteLine($"hosted-service: {result}");
foreach (var member in result.Members)
{
    Console.WriteLine($"  {member}");
}

Console.WriteLine($"hosted-service: exit code {Environment.ExitCode}");
return Environment.ExitCode; // set to 1 by WithRunGroup when the group failed
