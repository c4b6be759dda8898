// HostedService: the Generic Host runs an ActorSystem (Akka.Hosting), and WithRunGroup runs a group in it with an
// actor member, an existing BackgroundService and a TCP echo listener. Ctrl+C or SIGTERM stops the host, which
// interrupts the group and waits for it; --exit-after <seconds> makes the heartbeat actor stop the group by itself.
//
//   dotnet run --project samples/HostedService                      # stops after 10 s, or at Ctrl+C / SIGTERM
//   dotnet run --project samples/HostedService -- --exit-after 3    # any number of seconds, or "never"
using System.Net;
using Akka.Actor;
using Akka.Hosting;
using AkkaRunGroup;
using AkkaRunGroup.Hosting;
using HostedService;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var exitAfter = args is ["--exit-after", var seconds] ? seconds == "never" ? (TimeSpan?)null : TimeSpan.FromSeconds(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)) : TimeSpan.FromSeconds(10);

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
