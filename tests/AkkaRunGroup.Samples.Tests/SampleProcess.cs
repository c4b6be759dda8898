using AkkaRunGroup.TestProcesses;
using Xunit.Abstractions;

namespace AkkaRunGroup.Samples.Tests;

/// <summary>A built sample run as a child process (<see cref="ChildProcess"/>), every wait bounded by <see cref="Bound"/>; its output goes to the test's output when it is disposed.</summary>
public sealed class SampleProcess : IDisposable
{
    /// <summary>The bound on every wait: generous for a slow, shared machine.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly ChildProcess _child;
    private readonly ITestOutputHelper _output;

    private SampleProcess(ChildProcess child, ITestOutputHelper output)
    {
        _child = child;
        _output = output;
    }

    /// <summary>Every line printed so far, stdout and stderr together, in the order they were read.</summary>
    public string Output => string.Join('\n', _child.Lines);

    /// <summary>The lines printed on stderr so far.</summary>
    public IReadOnlyList<string> ErrorLines => _child.ErrorLines;

    /// <summary>Starts the sample <paramref name="name"/> built next to these tests (same configuration).</summary>
    public static SampleProcess Start(string name, ITestOutputHelper output, params string[] args) =>
        Start(name, output, environment: null, args);

    /// <summary>Starts the sample <paramref name="name"/> with <paramref name="environment"/> set for it.</summary>
    public static SampleProcess Start(string name, ITestOutputHelper output, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        new(new ChildProcess(ChildProcess.SampleDll(name), args, environment: environment), output);

    /// <summary>Completes with the first line containing <paramref name="text"/>, once it has been printed.</summary>
    public Task<string> WaitForLine(string text) => _child.WaitForLine(text, Bound);

    /// <summary>Sends <paramref name="signal"/> (2 SIGINT, 15 SIGTERM) to the child, never to this process.</summary>
    public void Signal(int signal) => _child.Signal(signal);

    /// <summary>Waits, bounded, for the child to exit and for its output to be read; returns its exit code.</summary>
    public async Task<int> WaitForExit() =>
        await _child.WaitForExit(Bound) ?? throw new TimeoutException($"the sample did not exit within {Bound.TotalSeconds:0} s");

    public void Dispose()
    {
        _child.Dispose();
        _output.WriteLine(Output);
    }
}
