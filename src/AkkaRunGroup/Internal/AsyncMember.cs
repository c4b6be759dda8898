namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. A member whose execute returns a Task and watches a CancellationToken. The execute is invoked on a
/// thread-pool thread (its ExecutionActor's own, on a thread-pool dispatcher), so that its synchronous prefix cannot
/// block the GroupSupervisor; the interrupt runs on the thread pool too, then the token is cancelled.
/// </summary>
internal sealed class AsyncMember(string name, int index, Func<CancellationToken, Task> execute, Action<Exception?>? interrupt, RestartPolicy restart)
    : ExecutingMember(name, index, restart), IThreadPoolWorkItem
{
    private CancellationTokenSource _cancellation = new();
    private Task? _running;

    protected override bool RunsOnItsActor => Plan.Settings.MembersOnThreadPool;

    protected override void PrepareIncarnation() => Volatile.Write(ref _cancellation, new CancellationTokenSource());

    /// <remarks>Off the calling thread, the member is its own work item: no delegate or closure is allocated.</remarks>
    protected override void StartIncarnation(bool onThisThread)
    {
        if (onThisThread)
        {
            Execute();
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    void IThreadPoolWorkItem.Execute() => Execute();

    protected override void DispatchInterrupt() =>
        ThreadPool.UnsafeQueueUserWorkItem(static m => m.InterruptDone(m.InvokeInterrupt()), this, preferLocal: false);

    /// <summary>A faulted task's error, unwrapped; a cancelled task's OperationCanceledException; null otherwise.</summary>
    private static Exception? ErrorOf(Task task) => task.Status switch
    {
        TaskStatus.Faulted => Errors.Unwrap(task.Exception),
        TaskStatus.Canceled => new TaskCanceledException(task),
        _ => null,
    };

    private void Execute()
    {
        ExecuteStarting();
        Task task;
        try
        {
            task = execute(Volatile.Read(ref _cancellation).Token)
                ?? throw new InvalidOperationException($"The execute of member '{Name}' returned a null Task.");
        }
        catch (Exception e)
        {
            ExecuteReturned(Errors.Unwrap(e));
            return;
        }

        if (task.IsCompleted)
        {
            ExecuteReturned(ErrorOf(task));
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
        ExecuteReturned(ErrorOf(task));
    }

    protected override Exception? InvokeInterrupt()
    {
        Exception? thrown = null;
        try
        {
            interrupt?.Invoke(Gate.InterruptCause);
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
            // A callback registered on the member's token threw: it is the interrupt's error.
            thrown ??= Errors.Unwrap(e);
        }

        return thrown;
    }
}
