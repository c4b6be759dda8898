namespace AkkaRunGroup;

/// <summary>How one member of a run ended.</summary>
public sealed class MemberOutcome
{
    internal MemberOutcome(
        string name,
        bool started,
        Exception? error,
        bool interrupted,
        Exception? interruptError,
        bool abandoned,
        TimeSpan elapsed,
        RunResult? result,
        int restarts)
    {
        Name = name;
        Started = started;
        Error = error;
        Interrupted = interrupted;
        InterruptError = interruptError;
        Abandoned = abandoned;
        Elapsed = elapsed;
        Result = result;
        Restarts = restarts;
    }

    /// <summary>The member's name, as given to <c>Add</c> or assigned (<c>member-0</c>, <c>member-1</c>, ...).</summary>
    public string Name { get; }

    /// <summary>Whether the member's execute was started (for an actor member: whether its actor was created).</summary>
    /// <value>True for every member of a run, unless the run was torn down before it could start them, or starting the
    /// member failed: then <see cref="Error"/> says why.</value>
    public bool Started { get; }

    /// <summary>
    /// The member's own exit error: what its execute returned or threw, the exception of its faulted task, an
    /// <see cref="OperationCanceledException"/> for its cancelled task, or the exception its actor failed with.
    /// </summary>
    /// <value>Null when it returned cleanly (or its actor stopped itself), and while an abandoned member still runs.</value>
    public Exception? Error { get; }

    /// <summary>Whether the group's interrupt reached the member while its execute was still running.</summary>
    /// <value>
    /// False for the member that exited first and for members that had exited on their own before the interrupt; true
    /// for an abandoned member whose interrupt was called.
    /// </value>
    public bool Interrupted { get; }

    /// <summary>The exception the member's interrupt threw; the other interrupts and the run went on regardless.</summary>
    /// <value>Null when the interrupt returned normally.</value>
    public Exception? InterruptError { get; }

    /// <summary>
    /// Whether the member's execute or interrupt was still running when the interrupt timeout elapsed, so the run
    /// completed without it.
    /// </summary>
    public bool Abandoned { get; }

    /// <summary>The time from the start of the member's execute to its exit (to the timeout, if abandoned).</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The result of the nested group's own run, for a member added with <c>Add(RunGroup)</c>.</summary>
    /// <value>
    /// Null for every other kind of member, for a nested group that could not be started, and for a nested group that
    /// was abandoned (its run had not completed when this one did).
    /// </value>
    public RunResult? Result { get; }

    /// <summary>How many times the member was restarted by its <see cref="RestartPolicy"/>.</summary>
    /// <value>0 for a member without a restart policy.</value>
    public int Restarts { get; }

    /// <summary>A one-line summary of the member's end.</summary>
    /// <returns>For example <c>db: interrupted, exited with OperationCanceledException after 1.2 s</c>, or
    /// <c>db: could not start, ConfigurationException: ...</c>.</returns>
    public override string ToString()
    {
        if (!Started)
        {
            return Error is null ? $"{Name}: never started" : $"{Name}: could not start, {Internal.ExitText.Of(Error)}";
        }

        var how = Abandoned ? "abandoned" : $"exited {Internal.ExitText.Describe(Error)}";
        var interrupted = Interrupted ? "interrupted, " : "";
        var interruptError = InterruptError is null ? "" : $"; its interrupt threw {Internal.ExitText.Of(InterruptError)}";
        var restarts = Restarts == 0 ? "" : $", {Restarts} restarts";
        return $"{Name}: {interrupted}{how} after {Elapsed.TotalMilliseconds:0.#} ms{restarts}{interruptError}";
    }
}
