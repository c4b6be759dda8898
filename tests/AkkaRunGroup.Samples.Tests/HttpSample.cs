using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace AkkaRunGroup.Samples.Tests;

/// <summary>A web sample run as a child process on loopback, on a port Kestrel picks, with an HTTP client for it.</summary>
internal sealed class HttpSample : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private HttpSample(SampleProcess sample, Uri url)
    {
        Sample = sample;
        Http = new HttpClient { BaseAddress = url, Timeout = SampleProcess.Bound };
    }

    public SampleProcess Sample { get; }

    public HttpClient Http { get; }

    /// <summary>Starts the sample <paramref name="name"/> with <c>--urls http://127.0.0.1:0</c> and <paramref name="args"/>, and waits until Kestrel listens.</summary>
    public static async Task<HttpSample> Start(string name, ITestOutputHelper output, params string[] args)
    {
        var sample = SampleProcess.Start(name, output, ["--urls", "http://127.0.0.1:0", .. args]);
        try
        {
            var listening = await sample.WaitForLine("Now listening on: ");
            return new HttpSample(sample, new Uri(Regex.Match(listening, @"http://127\.0\.0\.1:\d+").Value));
        }
        catch
        {
            sample.Dispose();
            throw;
        }
    }

    /// <summary>A loopback TCP port that was free a moment ago: for Akka remoting, whose address a seed names.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Asks <paramref name="path"/> until it answers <paramref name="status"/>, bounded; returns how long that took.</summary>
    public async Task<TimeSpan> PollUntil(string path, HttpStatusCode status)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var bound = new CancellationTokenSource(SampleProcess.Bound);
        while ((await Http.GetAsync(path, bound.Token)).StatusCode != status)
        {
            await Task.Delay(PollInterval, bound.Token);
        }

        return clock.Elapsed;
    }

    public void Dispose()
    {
        Http.Dispose();
        Sample.Dispose();
    }
}
