// Quickstart: three members run as one unit. The ticker prints every 200 ms, the worker blocks on a thread of its
// own, and the deadline member stops the group after --exit-after (default 2s). Every member is then interrupted and
// the program prints how each one ended.
using AkkaRunGroup;

var exitAfter = args.Length == 2 && args[0] == "--exit-after" ? TimeSpan.Parse("00:00:" + args[1].TrimEnd('s')) : TimeSpan.FromSeconds(2);
using var deadline = new CancellationTokenSource(exitAfter);
var workerStop = new ManualResetEventSlim();

var group = new RunGroup("quickstart")
    .Add(async token =>
    {
        for (var tick = 1; ; tick++)
        {
            await Task.Delay(200, token);
            Console.WriteLine($"ticker: tick {tick}");
        }
    }, name: "ticker")
    .Add(() =>
    {
        Console.WriteLine("worker: started on a dedicated thread, waiting for its interrupt");
        workerStop.Wait();
        Console.WriteLine("worker: interrupted, returning");
        return null;
    }, error => workerStop.Set(), "worker")
    .AddCancellation(deadline.Token, "deadline");

Console.WriteLine($"quickstart: running {group.Count} members; the deadline stops them after {exitAfter.TotalSeconds} s");
var result = await group.RunAsync();
Console.WriteLine($"quickstart: '{result.FirstExited}' stopped the group ({result.Error?.GetType().Name ?? "no error"})");
foreach (var member in result.Members)
{
    Console.WriteLine($"  {member}");
}
