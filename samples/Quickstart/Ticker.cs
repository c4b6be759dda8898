using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Quickstart;

/// <summary>An async member: every 500 ms it sends a tick to the echo server and prints the reply.</summary>
internal static class Ticker
{
    public static async Task RunAsync(IPEndPoint server, TimeSpan shutdownDelay, CancellationToken token)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server, token);
        var stream = client.GetStream();
        var buffer = new byte[64];
        try
        {
            for (var tick = 1; ; tick++)
            {
                await Task.Delay(500, token);
                var sent = $"tick {tick}";
                await stream.WriteAsync(Encoding.UTF8.GetBytes(sent), token);
                var read = await stream.ReadAsync(buffer, token);
                Console.WriteLine($"ticker: sent '{sent}', echo replied '{Encoding.UTF8.GetString(buffer, 0, read)}'");
            }
        }
        catch (OperationCanceledException) when (shutdownDelay > TimeSpan.Zero)
        {
            // A stand-in for a slow cleanup (flushing, draining): press Ctrl+C again to see what a second signal does.
            Console.WriteLine($"ticker: interrupted, cleaning up for {shutdownDelay.TotalSeconds:0.###} s (a second Ctrl+C ends the process now)");
            await Task.Delay(shutdownDelay, CancellationToken.None);
            Console.WriteLine("ticker: cleaned up");
            throw;
        }
    }
}
