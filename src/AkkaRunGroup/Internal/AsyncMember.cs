namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. A member whose execute returns a Task and watches a CancellationToken. The execute is invoked on
/// the thread pool, so that its synchronous prefix cannot block an actor; the interrupt runs there too, then the
/// token is cancelled.
/// </summary>
internal sealed class AsyncMember : ExecutingMember, IThreadPoolWorkItem
{
    private readonly Func<CancellationToken, Task> _execute;
    private readonly Action<Exception?>? _interrupt;
    private CancellationTokenSource _cancellation = new();
    private Task? _running;

    public AsyncMember(string name, Func<CancellationToken, Task> execute, Action<Exception?>? interrupt)
        : base(name)
    {
        _execute = execute;
        _interrupt = interrupt;
    }

    protected override void PrepareIncarnation() => Volatile.Write(ref _cancellation, new CancellationTokenSource());

    /// <remarks>The member is its own work item: no delegate or closure is allocated to start it.</remarks>
    protected override void StartExecute() => ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);

    /// <summary>Runs the execute: the only work item the member queues as itself.</summary>
    void IThreadPoolWorkItem.Execute() => Execute();

    protected override void DispatchInterrupt() =>
        ThreadPool.UnsafeQueueUserWorkItem(static m => m.InvokeInterrupt(), this, preferLocal: false);

    private static Exception? ErrorOf(Task task) => task.Status switch
    {
        TaskStatus.Faulted => task.Exception,
        TaskStatus.Canceled => new TaskCanceledException(task),
        _ => null,
    };

    private void Execute()
    {
        OnExecuteStarting();
        Task task;
        try
        {
            task = _execute(Volatile.Read(ref _cancellation).Token)
                ?? throw new InvalidOperationException($"The execute of member '{Name}' returned a null Task.");
        }
        catch (Exception e)
        {
            OnExecuteReturned(e);
            return;
        }

        if (task.IsCompleted)
        {
            OnExecuteReturned(ErrorOf(task));
        }
        else
        {
            // Runs where the task completes, as ContinueWith(ExecuteSynchronously) would, with one delegate and no
            // continuation task.
            _running = task;
            task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(OnTaskCompleted);
        }
    }

    private void OnTaskCompleted()
    {
        var task = _running!;
        _running = null;
        OnExecuteReturned(ErrorOf(task));
    }

    protected override bool MayRunOnMemberActor => Run.Settings.MembersOnThreadPool;

    protected override void ExecuteOnThisThread() => Execute();

    protected override void InvokeInterrupt()
    {
        Exception? thrown = null;
        try
        {
            _interrupt?.Invoke(InterruptCause);
        }
        catch (Exception e)
        {
            thrown = e;
        }

        try
        {
            Volatile.Read(ref _cancellation).Cancel();
        }
        catch (AggregateException e)
        {
            // A callback registered on the member's token threw; report it as the interrupt's error.
            thrown ??= Errors.Unwrap(e);
        }

        OnInterruptReturned(thrown);
    }
}
