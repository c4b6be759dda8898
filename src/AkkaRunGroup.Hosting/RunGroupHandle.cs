namespace AkkaRunGroup.Hosting;

/// <summary>
/// A hosted group seen from the rest of the application: its state, its completion and a way to interrupt it. Get it with
/// <see cref="RunGroupServiceProviderExtensions.GetRunGroup(IServiceProvider, string)"/>.
/// </summary>
public sealed class RunGroupHandle
{
    private readonly TaskCompletionSource<RunResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal RunGroupHandle(RunGroup group) => Group = group;

    /// <summary>The group's name.</summary>
    public string Name => Group.Name;

    /// <summary>Completes when the group has started running, after the ActorSystem started.</summary>
    /// <remarks>It faults when the group could not be started (its configure callback or its settings failed).</remarks>
    public Task Started => _started.Task;

    /// <summary>Completes with the run's result once every member has exited (or was abandoned).</summary>
    /// <remarks>It faults when the group could not be started, as <see cref="Started"/> does.</remarks>
    public Task<RunResult> Completion => _completion.Task;

    /// <summary>The run's state: its phase, since when, and what stopped the group; see <see cref="RunGroup.State"/>.</summary>
    /// <remarks>Before the group runs it is <see cref="RunGroupPhase.NotStarted"/>; a group that could not start stays so.</remarks>
    public RunGroupState State => Group.State;

    internal RunGroup Group { get; }

    /// <summary>Interrupts the group; see <see cref="RunGroup.Interrupt(Exception?)"/> for the rules.</summary>
    /// <param name="error">The error every interrupt receives; null interrupts the group cleanly.</param>
    public void Interrupt(Exception? error = null) => Group.Interrupt(error);

    internal void OnStarted() => _started.TrySetResult();

    internal void OnCompleted(RunResult result) => _completion.TrySetResult(result);

    internal void OnFailedToStart(Exception error)
    {
        _started.TrySetException(error);
        _completion.TrySetException(error);
    }
}
