using System.Net.Sockets;

namespace AkkaRunGroup.ClusterService.Tests;

/// <summary>
/// An HTTP client for one request that counts the connections it opens. SocketsHttpHandler sends a request again on
/// a new connection when the first one closes before any answer (a node stopping or killed), and its pool may hand a
/// connection opened for one request to another: a client of its own per request is the only way to know whether a
/// request that ended with a refused connection reached a node before. Only a request for which no connection was
/// opened surely did nothing.
/// </summary>
public sealed class CountedConnections : IDisposable
{
    private int _opened;

    /// <summary>A client of its own, for one request.</summary>
    public CountedConnections() =>
        Client = new HttpClient(CreateHandler(() => Interlocked.Increment(ref _opened))) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>The client to send the request with; the caller bounds the request.</summary>
    public HttpClient Client { get; }

    /// <summary>The connections opened so far.</summary>
    public int Opened => Volatile.Read(ref _opened);

    /// <summary>A handler that connects to loopback within a second, without proxy; <paramref name="opened"/> is told of each connection.</summary>
    public static SocketsHttpHandler CreateHandler(Action? opened = null) => new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(1),
        UseProxy = false,
        ConnectCallback = async (context, cancel) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancel);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            opened?.Invoke();
            return new NetworkStream(socket, ownsSocket: true);
        },
    };

    public void Dispose() => Client.Dispose();
}
