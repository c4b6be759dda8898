namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. An oklog-style member: a blocking execute and an interrupt, each run on a dedicated thread so that
/// neither can hold an actor's or the thread pool's thread.
/// </summary>
internal sealed class SyncMember(string name, int index, Func<Exception?> execute, Action<Exception?> interrupt, RestartPolicy restart)
    : ExecutingMember(name, index, restart)
{
    private Thread? _executeThread;
    private Thread? _interruptThread;

    public override bool OwnsThreads => true;

    public override void JoinThreads()
    {
        Volatile.Read(ref _executeThread)?.Join();
        Volatile.Read(ref _interruptThread)?.Join();
    }

    /// <remarks>Never on the calling thread: an execute blocks.</remarks>
    protected override void StartIncarnation(bool onThisThread)
    {
        // A restart: the previous incarnation's thread has returned from its execute and is ending.
        Volatile.Read(ref _executeThread)?.Join();
        Start(ref _executeThread, static m => ((SyncMember)m!).Execute(), "execute");
    }

    protected override void DispatchInterrupt() => Start(ref _interruptThread, static m => ((SyncMember)m!).Interrupt(), "interrupt");

    /// <param name="thread">Where the thread is stored before it starts: once started, it may end the run at once, and
    /// the run joins the stored threads before it completes.</param>
    /// <param name="body">A static lambda, given the member as its state: no closure is allocated per thread.</param>
    /// <param name="role">What the thread runs, for its name.</param>
    private void Start(ref Thread? thread, ParameterizedThreadStart body, string role)
    {
        var created = new Thread(body) { IsBackground = true, Name = $"run-group {Plan.Name}/{Name} {role}" };
        Volatile.Write(ref thread, created);
        created.Start(this);
    }

    private void Execute()
    {
        ExecuteStarting();
        Exception? error;
        try
        {
            error = execute();
        }
        catch (Exception e)
        {
            error = Errors.Unwrap(e);
        }

        ExecuteReturned(error);
    }

    private void Interrupt()
    {
        Exception? thrown = null;
        try
        {
            interrupt(Gate.InterruptCause);
        }
        catch (Exception e)
        {
            thrown = e;
        }

        InterruptDone(thrown);
    }
}
