using System.Net;
using System.Net.Sockets;

namespace AkkaRunGroup.ClusterService.Tests;

/// <summary>Free TCP ports of 127.0.0.1, picked at test start by letting the system choose them.</summary>
public static class FreeLoopbackPorts
{
    /// <summary>
    /// Returns <paramref name="count"/> distinct ports that were free a moment ago: every listener is held until all are
    /// picked, so the system cannot hand out the same port twice.
    /// </summary>
    public static IReadOnlyList<int> Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
