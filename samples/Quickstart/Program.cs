// Quickstart: a TCP echo listener, a ticker that talks to it, a deadline and a signal handler run as one group.
// The first member to exit stops the group: Ctrl+C or SIGTERM (the signal handler), or the --exit-after deadline.
// Every member is then interrupted and the program prints how each one ended. Exit code: 0 when a signal, the
// deadline, a CoordinatedShutdown or a clean return stopped the group, 1 when a member failed.
//
//   dotnet run --project samples/Quickstart                          # stops after 10 s, or at Ctrl+C / SIGTERM
//   dotnet run --project samples/Quickstart -- --exit-after 3s       # any duration: 500ms, 3s, 2m, 1h, or "never"
//   dotnet run --project samples/Quickstart -- --help                # a bad flag or value: one line, exit code 2
//   dotnet run --project samples/Quickstart -- --shutdown-delay 5s   # a slow shutdown, to try a second Ctrl+C
//   dotnet run --project samples/Quickstart -- --drain-delay 10s     # a signal drains first; a second one ends the drain
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using AkkaRunGroup;
using Quickstart;

var (options, usage) = Options.Parse(args);
if (options is null)
{
    return usage;
}

using var deadline = new CancellationTokenSource();
var echo = new EchoServer(new IPEndPoint(IPAddress.Loopback, 0));
var group = new RunGroup("quickstart")
    .Add(echo.Serve, echo.Stop, "echo")
    .Add(token => Ticker.RunAsync(echo.EndPoint, options.ShutdownDelay, token), name: "ticker")
    .AddCancellation(deadline.Token, "exit-after")
    .AddSignalHandler(PosixSignal.SIGINT, PosixSignal.SIGTERM)
    .WithDrainDelay(options.DrainDelay);

Console.WriteLine($"quickstart: pid {Environment.ProcessId}, echo listener on {echo.EndPoint}");
Console.WriteLine(options.ExitAfter is { } after
    ? $"quickstart: running {group.Count} members; stops after {after.TotalSeconds:0.###} s, or at Ctrl+C / SIGTERM"
    : $"quickstart: running {group.Count} members until Ctrl+C / SIGTERM");

if (options.ExitAfter is { } exitAfter)
{
    deadline.CancelAfter(exitAfter);
}

// A private ActorSystem, terminated with the run; the group has a signal handler, so Akka's own SIGTERM hook is off
// there and a signal reaches the group as a SignalException.
var result = await group.RunAsync();

var why = result.Error switch
{
    SignalException signal => $"signal {signal.Signal} stopped the group",
    OperationCanceledException when result.FirstExited == "exit-after" => "the --exit-after deadline stopped the group",
    CoordinatedShutdownException shutdown => $"CoordinatedShutdown ({shutdown.Reason.GetType().Name}) stopped the group",
    null => $"'{result.FirstExited}' returned cleanly and stopped the group",
    var error => $"'{result.FirstExited}' failed and stopped the group: {error.GetType().Name}: {error.Message}",
};
Console.WriteLine($"quickstart: {why} (first exited: '{result.FirstExited}', after {result.Elapsed.TotalSeconds:0.###} s)");
foreach (var member in result.Members)
{
    Console.WriteLine($"  {member}");
}

var graceful = result.Error is null or SignalException or OperationCanceledException or CoordinatedShutdownException;
Console.WriteLine($"quickstart: exit code {(graceful ? 0 : 1)}");
return graceful ? 0 : 1;
