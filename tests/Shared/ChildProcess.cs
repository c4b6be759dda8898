using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Xunit;

namespace AkkaRunGroup.TestProcesses;

/// <summary>
/// A built sample run as a child process (<c>dotnet Sample.dll ...</c>, never <c>dotnet run</c>, which forwards only the
/// first SIGTERM): its output read line by line, stdout and stderr together, signalled with libc's kill. Disposing kills
/// the process tree if it still runs, so that a failing test leaves nothing behind. Compiled into each test project
/// that runs samples.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly Func<string, string> _stamp;
    private readonly ConcurrentQueue<string> _printed = new();
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _errorLines = new();
    private readonly List<(string Text, TaskCompletionSource<string> Seen)> _awaited = [];
    private readonly object _gate = new();

    /// <summary>Starts <c>dotnet <paramref name="dll"/> <paramref name="args"/></c>.</summary>
    /// <param name="dll">The program, usually <see cref="SampleDll"/>.</param>
    /// <param name="args">Its arguments.</param>
    /// <param name="stamp">What each line is kept as (a time and a name before it, say); the line itself by default.</param>
    /// <param name="environment">Variables set for the child, beside this process's own.</param>
    public ChildProcess(string dll, IEnumerable<string> args, Func<string, string>? stamp = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        _stamp = stamp ?? (static line => line);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, error: false);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, error: true);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Pid = _process.Id;
    }

    /// <summary>The child's process id.</summary>
    public int Pid { get; }

    /// <summary>Every line printed so far, stdout and stderr together, in the order they were read, as stamped.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>The lines printed on stderr so far, as printed.</summary>
    public IReadOnlyList<string> ErrorLines => [.. _errorLines];

    /// <summary>Whether the child has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The built dll of the sample <paramref name="name"/>, in the configuration and framework of these tests.</summary>
    public static string SampleDll(string name)
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

    /// <summary>Completes with the first line (as printed) containing <paramref name="text"/>; faults after <paramref name="bound"/>.</summary>
    public Task<string> WaitForLine(string text, TimeSpan bound)
    {
        lock (_gate)
        {
            if (_printed.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } printed)
            {
                return Task.FromResult(printed);
            }

            var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _awaited.Add((text, seen));
            return seen.Task.WaitAsync(bound);
        }
    }

    /// <summary>Sends <paramref name="signal"/> (2 SIGINT, 9 SIGKILL, 15 SIGTERM) to the child, never to this process.</summary>
    public void Signal(int signal)
    {
        Assert.NotEqual(Environment.ProcessId, Pid);
        Assert.True(Kill(Pid, signal) == 0, $"kill({Pid}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Waits up to <paramref name="bound"/> for the child to exit and its output to be read; its exit code, or null if it still runs.</summary>
    public async Task<int?> WaitForExit(TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return null;
        }

        _process.WaitForExit(); // flushes the redirected output
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    private void OnLine(string? line, bool error)
    {
        if (line is null)
        {
            return;
        }

        if (error)
        {
            _errorLines.Enqueue(line);
        }

        lock (_gate)
        {
            _printed.Enqueue(line);
            _lines.Enqueue(_stamp(line));
            foreach (var (text, seen) in _awaited.Where(a => line.Contains(a.Text, StringComparison.Ordinal)))
            {
                seen.TrySetResult(line);
            }
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
