using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Quickstart;

/// <summary>
/// A blocking TCP echo server, the oklog listener recipe: <see cref="Serve"/> accepts until <see cref="Stop"/> closes
/// the listener, which makes the blocked Accept throw.
/// </summary>
internal sealed class EchoServer
{
    private readonly TcpListener _listener;
    private readonly ConcurrentDictionary<Socket, Task> _connections = new();
    private volatile bool _stopping;

    public EchoServer(IPEndPoint endPoint)
    {
        _listener = new TcpListener(endPoint);
        _listener.Start();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>The execute: runs on a dedicated thread until the listener is stopped.</summary>
    public Exception? Serve()
    {
        Console.WriteLine($"echo: accepting connections on {EndPoint}");
        while (true)
        {
            Socket client;
            try
            {
                client = _listener.AcceptSocket();
            }
            catch (SocketException) when (_stopping)
            {
                // Closing the listener is how Stop interrupts Accept: that is a clean exit, not an error.
                Task.WaitAll([.. _connections.Values], TimeSpan.FromSeconds(5));
                Console.WriteLine("echo: listener closed, connections drained");
                return null;
            }

            Console.WriteLine($"echo: accepted {client.RemoteEndPoint}");
            _connections[client] = Task.Run(() => EchoAsync(client));
        }
    }

    /// <summary>The interrupt: stops accepting and closes the open connections.</summary>
    public void Stop(Exception? error)
    {
        Console.WriteLine($"echo: interrupted ({error?.GetType().Name ?? "no error"}), closing the listener");
        _stopping = true;
        _listener.Stop();
        foreach (var client in _connections.Keys)
        {
            try
            {
                // The echo loop then reads end-of-stream and closes the connection itself.
                client.Shutdown(SocketShutdown.Receive);
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
                // Already closed by its peer.
            }
        }
    }

    private async Task EchoAsync(Socket client)
    {
        await using (var stream = new NetworkStream(client, ownsSocket: true))
        {
            var buffer = new byte[1024];
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer)) > 0)
                {
                    await stream.WriteAsync(buffer.AsMemory(0, read));
                }
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                // The peer went away: nothing left to echo.
            }
        }

        _connections.TryRemove(client, out _);
    }
}
