namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. A member whose execute returns a Task and watches a CancellationToken. The execute is invoked on
/// the thread pool, so that its synchronous prefix cannot block an actor; the interrupt runs there too, then the
/// token is cancelled.
/// </summary>
internal sealed class AsyncMember : ExecutingMember
{
    private readonly Func<CancellationToken, Task> _execute;
    private readonly Action<Exception?>? _interrupt;
    private CancellationTokenSource _cancellation = new();

    public AsyncMember(string name, Func<CancellationToken, Task> execute, Action<Exception?>? interrupt)
        : base(name)
    {
        _execute = execute;
        _interrupt = interrupt;
    }

    protected override void PrepareIncarnation() => Volatile.Write(ref _cancellation, new CancellationTokenSource());

    protected override void StartExecute() =>
        ThreadPool.UnsafeQueueUserWorkItem(static m => m.Execute(), this, preferLocal: false);

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
            task.ContinueWith(
                static (t, state) => ((AsyncMember)state!).OnExecuteReturned(ErrorOf(t)),
                this,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private void InvokeInterrupt()
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
