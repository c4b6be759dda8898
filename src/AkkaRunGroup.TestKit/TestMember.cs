namespace AkkaRunGroup.TestKit;

/// <summary>
/// A run group member that a test controls: it reports when it started and when it was interrupted, and exits when
/// the test calls <see cref="Exit"/> (or, unless told otherwise, when it is interrupted).
/// </summary>
/// <remarks>Add it to a group with <see cref="RunGroupTestExtensions.Add(RunGroup, TestMember)"/>. A test member belongs to one group.</remarks>
public sealed class TestMember
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Exception?> _interrupted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Exception?> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _starts;
    private int _interrupts;

    /// <summary>Creates a test member.</summary>
    /// <param name="name">The member's name in its group.</param>
    /// <param name="exitOnInterrupt">
    /// Whether the member exits cleanly as soon as it is interrupted. False makes a member that ignores its interrupt
    /// until the test calls <see cref="Exit"/>, to exercise the interrupt timeout.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public TestMember(string name, bool exitOnInterrupt = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        ExitOnInterrupt = exitOnInterrupt;
    }

    /// <summary>The member's name.</summary>
    public string Name { get; }

    /// <summary>Whether the member exits cleanly as soon as it is interrupted.</summary>
    public bool ExitOnInterrupt { get; }

    /// <summary>Completes when the member's execute has started.</summary>
    public Task Started => _started.Task;

    /// <summary>Completes, with the error the interrupt received, when the member's interrupt has been called.</summary>
    public Task<Exception?> Interrupted => _interrupted.Task;

    /// <summary>How many times the member's execute has started; a correct group starts it exactly once.</summary>
    public int StartCount => Volatile.Read(ref _starts);

    /// <summary>How many times the member's interrupt has been called; a correct group calls it exactly once.</summary>
    public int InterruptCount => Volatile.Read(ref _interrupts);

    /// <summary>Makes the member's execute return <paramref name="error"/>; only the first call counts.</summary>
    /// <param name="error">The exit error; null for a clean exit.</param>
    public void Exit(Exception? error = null) => _exit.TrySetResult(error);

    internal async Task ExecuteAsync()
    {
        Interlocked.Increment(ref _starts);
        _started.TrySetResult();
        var error = await _exit.Task.ConfigureAwait(false);
        if (error is not null)
        {
            throw error;
        }
    }

    internal void Interrupt(Exception? error)
    {
        Interlocked.Increment(ref _interrupts);
        _interrupted.TrySetResult(error);
        if (ExitOnInterrupt)
        {
            Exit();
        }
    }
}
