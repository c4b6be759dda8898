namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. An oklog-style member: a blocking execute and an interrupt, each run on a dedicated thread so that
/// neither can hold an actor's or the thread pool's thread.
/// </summary>
internal sealed class SyncMember : ExecutingMember
{
    private readonly Func<Exception?> _execute;
    private readonly Action<Exception?> _interrupt;
    private Thread? _executeThread;
    private Thread? _interruptThread;

    public SyncMember(string name, Func<Exception?> execute, Action<Exception?> interrupt)
        : base(name)
    {
        _execute = execute;
        _interrupt = interrupt;
    }

    public override void JoinThreads()
    {
        _executeThread?.Join();
        _interruptThread?.Join();
    }

    protected override void StartExecute()
    {
        // A restart: the previous incarnation's thread has returned from its execute and is ending.
        _executeThread?.Join();
        _executeThread = NewThread(static m => ((SyncMember)m!).Execute(), "execute");
        _executeThread.Start(this);
    }

    protected override void DispatchInterrupt()
    {
        _interruptThread = NewThread(static m => ((SyncMember)m!).InvokeInterrupt(), "interrupt");
        _interruptThread.Start(this);
    }

    /// <param name="body">A static lambda, given the member as its state: no closure or delegate is allocated per thread.</param>
    /// <param name="role">What the thread runs, for its name.</param>
    /// <remarks>
    /// The thread is stored before it starts: once started, it may end the run at once, and the run joins the
    /// stored threads before it completes.
    /// </remarks>
    private Thread NewThread(ParameterizedThreadStart body, string role) => new(body)
    {
        IsBackground = true,
        Name = $"run-group {Run.Name}/{Name} {role}",
    };

    private void Execute()
    {
        OnExecuteStarting();
        Exception? error;
        try
        {
            error = _execute();
        }
        catch (Exception e)
        {
            error = e;
        }

        OnExecuteReturned(error);
    }

    protected override void InvokeInterrupt()
    {
        Exception? thrown = null;
        try
        {
            _interrupt(InterruptCause);
        }
        catch (Exception e)
        {
            thrown = e;
        }

        OnInterruptReturned(thrown);
    }
}
