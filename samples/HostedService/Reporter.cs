using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting;

namespace HostedService;

/// <summary>A service from the container, used by an existing BackgroundService that the group runs as a member.</summary>
internal sealed class Reporter
{
    public void Report(string line) => Console.WriteLine($"reporter: {line}");

    /// <summary>An ordinary BackgroundService: every 700 ms it sends a line through the echo listener and reports the reply.</summary>
    public sealed class Worker(Reporter reporter, IPEndPoint echo) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var client = new TcpClient();
            await client.ConnectAsync(echo, stoppingToken);
            var stream = client.GetStream();
            var buffer = new byte[64];
            try
            {
                for (var n = 1; ; n++)
                {
                    await Task.Delay(700, stoppingToken);
                    await stream.WriteAsync(Encoding.UTF8.GetBytes($"report {n}"), stoppingToken);
                    var read = await stream.ReadAsync(buffer, stoppingToken);
                    reporter.Report($"echo replied '{Encoding.UTF8.GetString(buffer, 0, read)}'");
                }
            }
            finally
            {
                reporter.Report("stopping token cancelled, done");
            }
        }
    }
}
