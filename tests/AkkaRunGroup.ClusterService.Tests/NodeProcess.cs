using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AkkaRunGroup.ClusterService.Tests;

/// <summary>
/// One run of the built ClusterService.dll as a child process (<c>dotnet ClusterService.dll ...</c>, never
/// <c>dotnet run</c>, which forwards only the first SIGTERM): its output is collected line by line, stamped on the
/// scenario's <see cref="Timeline"/>, and it is signalled with libc's kill.
/// </summary>
/// <remarks>Disposing kills the process tree if it still runs, so that a failing test leaves no node behind.</remarks>
public sealed class NodeProcess : IDisposable
{
    /// <summary>SIGTERM: what Kubernetes sends first.</summary>
    public const int SigTerm = 15;

    /// <summary>SIGKILL: what it sends when the grace period is over, and what a crash looks like.</summary>
    public const int SigKill = 9;

    private static readonly Lazy<string> Dll = new(FindDll);

    private readonly Process _process;
    private readonly Timeline _timeline;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly List<(string Text, TaskCompletionSource<string> Seen)> _awaited = [];
    private readonly object _gate = new();

    private NodeProcess(string name, IEnumerable<string> args, Timeline timeline)
    {
        Name = name;
        _timeline = timeline;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Dll.Value);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Pid = _process.Id;
    }

    /// <summary>The node and its incarnation, as in <c>node-2#1</c>.</summary>
    public string Name { get; }

    /// <summary>The child's process id.</summary>
    public int Pid { get; }

    /// <summary>Every line printed so far, stamped.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>Whether the child has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts a ClusterService node with <paramref name="args"/>.</summary>
    public static NodeProcess Start(string name, IEnumerable<string> args, Timeline timeline) => new(name, args, timeline);

    /// <summary>Completes with the first line containing <paramref name="text"/>; faults after <paramref name="bound"/>.</summary>
    public Task<string> WaitForLine(string text, TimeSpan bound)
    {
        lock (_gate)
        {
            if (_lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } printed)
            {
                return Task.FromResult(printed);
            }

            var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _awaited.Add((text, seen));
            return seen.Task.WaitAsync(bound);
        }
    }

    /// <summary>Sends <paramref name="signal"/> to the child, never to this process.</summary>
    public void Signal(int signal)
    {
        Assert.NotEqual(Environment.ProcessId, Pid);
        Assert.True(Kill(Pid, signal) == 0, $"kill({Pid}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>
    /// Waits up to <paramref name="bound"/> for the child to exit and for its output to be read; returns its exit code,
    /// or null if it still runs.
    /// </summary>
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

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lines.Enqueue($"[{_timeline.Stamp()}] {Name} | {line}");
            foreach (var (text, seen) in _awaited.Where(a => line.Contains(a.Text, StringComparison.Ordinal)))
            {
                seen.TrySetResult(line);
            }
        }
    }

    private static string FindDll()
    {
        // The tests run from tests/<project>/bin/<configuration>/<tfm>/; the sample was built to samples/ClusterService/bin/<configuration>/<tfm>/.
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = bin.Name;
        var configuration = bin.Parent!.Name;
        var root = bin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "AkkaRunGroup.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var dll = Path.Combine(root.FullName, "samples", "ClusterService", "bin", configuration, tfm, "ClusterService.dll");
        Assert.True(File.Exists(dll), $"the sample was not built: {dll}");
        return dll;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
