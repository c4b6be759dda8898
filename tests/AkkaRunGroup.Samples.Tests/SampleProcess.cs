using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Xunit.Abstractions;

namespace AkkaRunGroup.Samples.Tests;

/// <summary>A built sample run as a child process, its output collected line by line, signalled with libc's kill.</summary>
public sealed class SampleProcess : IDisposable
{
    /// <summary>The bound on every wait: generous for a slow, shared machine.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _errorLines = new();
    private readonly ITestOutputHelper _output;
    private readonly List<(string Text, TaskCompletionSource<string> Seen)> _awaited = [];
    private readonly object _gate = new();

    private SampleProcess(string dll, string[] args, ITestOutputHelper output)
    {
        _output = output;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _errorLines.Enqueue(e.Data);
            }

            OnLine(e.Data);
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Every line printed so far, stdout and stderr together, in the order they were read.</summary>
    public string Output => string.Join('\n', _lines);

    /// <summary>The lines printed on stderr so far.</summary>
    public IReadOnlyList<string> ErrorLines => [.. _errorLines];

    /// <summary>Starts the sample <paramref name="name"/> built next to these tests (same configuration).</summary>
    public static SampleProcess Start(string name, ITestOutputHelper output, params string[] args) =>
        new(SampleDll(name), args, output);

    /// <summary>Completes with the first line containing <paramref name="text"/>, once it has been printed.</summary>
    public Task<string> WaitForLine(string text)
    {
        lock (_gate)
        {
            if (_lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } printed)
            {
                return Task.FromResult(printed);
            }

            var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _awaited.Add((text, seen));
            return seen.Task.WaitAsync(Bound);
        }
    }

    /// <summary>Sends <paramref name="signal"/> (2 SIGINT, 15 SIGTERM) to the child, never to this process.</summary>
    public void Signal(int signal)
    {
        Assert.NotEqual(Environment.ProcessId, _process.Id);
        Assert.Equal(0, Kill(_process.Id, signal));
    }

    /// <summary>Waits, bounded, for the child to exit and for its output to be read; returns its exit code.</summary>
    public async Task<int> WaitForExit()
    {
        using var bound = new CancellationTokenSource(Bound);
        await _process.WaitForExitAsync(bound.Token);
        _process.WaitForExit(); // flushes the redirected output
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _output.WriteLine(Output);
        _process.Dispose();
    }

    private static string SampleDll(string name)
    {
        // The tests run from tests/<project>/bin/<configuration>/<tfm>/; the sample was built to samples/<name>/bin/<configuration>/<tfm>/.
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = bin.Name;
        var configuration = bin.Parent!.Name;
        var root = bin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "AkkaRunGroup.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var dll = Path.Combine(root.FullName, "samples", name, "bin", configuration, tfm, $"{name}.dll");
        Assert.True(File.Exists(dll), $"the sample was not built: {dll}");
        return dll;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lines.Enqueue(line);
            foreach (var (text, seen) in _awaited.Where(a => line.Contains(a.Text, StringComparison.Ordinal)))
            {
                seen.TrySetResult(line);
            }
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
