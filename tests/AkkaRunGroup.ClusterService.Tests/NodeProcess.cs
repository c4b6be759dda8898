using AkkaRunGroup.TestProcesses;

namespace AkkaRunGroup.ClusterService.Tests;

/// <summary>
/// One run of the built ClusterService.dll as a child process (<see cref="ChildProcess"/>): every line it prints is
/// kept stamped with the scenario's <see cref="Timeline"/> and the node's name, so that the nodes' outputs merge into
/// one timeline.
/// </summary>
/// <remarks>Disposing kills the process tree if it still runs, so that a failing test leaves no node behind.</remarks>
public sealed class NodeProcess : IDisposable
{
    /// <summary>SIGTERM: what Kubernetes sends first.</summary>
    public const int SigTerm = 15;

    /// <summary>SIGKILL: what it sends when the grace period is over, and what a crash looks like.</summary>
    public const int SigKill = 9;

    private static readonly Lazy<string> Dll = new(() => ChildProcess.SampleDll("ClusterService"));

    private readonly ChildProcess _child;

    private NodeProcess(string name, IEnumerable<string> args, Timeline timeline)
    {
        Name = name;
        _child = new ChildProcess(Dll.Value, args, line => $"[{timeline.Stamp()}] {name} | {line}");
    }

    /// <summary>The node and its incarnation, as in <c>node-2#1</c>.</summary>
    public string Name { get; }

    /// <summary>The child's process id.</summary>
    public int Pid => _child.Pid;

    /// <summary>Every line printed so far, stamped.</summary>
    public IReadOnlyList<string> Lines => _child.Lines;

    /// <summary>Whether the child has exited.</summary>
    public bool HasExited => _child.HasExited;

    /// <summary>Starts a ClusterService node with <paramref name="args"/>.</summary>
    public static NodeProcess Start(string name, IEnumerable<string> args, Timeline timeline) => new(name, args, timeline);

    /// <summary>Completes with the first line containing <paramref name="text"/>; faults after <paramref name="bound"/>.</summary>
    public Task<string> WaitForLine(string text, TimeSpan bound) => _child.WaitForLine(text, bound);

    /// <summary>Sends <paramref name="signal"/> to the child, never to this process.</summary>
    public void Signal(int signal) => _child.Signal(signal);

    /// <summary>Waits up to <paramref name="bound"/> for the child to exit and its output to be read; its exit code, or null if it still runs.</summary>
    public Task<int?> WaitForExit(TimeSpan bound) => _child.WaitForExit(bound);

    public void Dispose() => _child.Dispose();
}
