using AkkaRunGroup.Hosting;

namespace WebService;

/// <summary>A background member: every 2 s it prints a heartbeat with the group's phase, until the group interrupts it; then it returns cleanly.</summary>
internal sealed class Ticker(RunGroupHandle group)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    public async Task RunAsync(CancellationToken token)
    {
        var ticks = 0;
        try
        {
            while (true)
            {
                await Task.Delay(Interval, token);
                Console.WriteLine($"ticker: tick {++ticks}, run group '{group.Name}' is {group.State.Phase}");
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            Console.WriteLine($"ticker: interrupted after {ticks} ticks");
        }
    }
}
