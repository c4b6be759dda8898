using System.Net;
using System.Net.Sockets;

namespace HostedService;

/// <summary>An async TCP echo listener on loopback: it serves until the group's token is cancelled.</summary>
internal sealed class EchoListener
{
    private readonly TcpListener _listener;

    public EchoListener(IPEndPoint endPoint)
    {
        _listener = new TcpListener(endPoint);
        _listener.Start();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public async Task ServeAsync(CancellationToken token)
    {
        Console.WriteLine($"echo: listening on {EndPoint}");
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(token);
                connections.Add(EchoAsync(client, token));
            }
        }
        finally
        {
            _listener.Stop();
            await Task.WhenAll(connections).ContinueWith(_ => { }, TaskScheduler.Default);
            Console.WriteLine("echo: stopped listening, connections closed");
        }
    }

    private static async Task EchoAsync(TcpClient client, CancellationToken token)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new byte[1024];
            int read;
            while ((read = await stream.ReadAsync(buffer, token)) > 0)
            {
                await stream.WriteAsync(buffer.AsMemory(0, read), token);
            }
        }
    }
}
