namespace AkkaRunGroup.Benchmarks.Baselines;

/// <summary>
/// Baseline, not part of the library: the run group's semantics with plain Tasks and threads, no actors. The first
/// member to exit decides the error; every member's interrupt runs exactly once with it, after its execute has
/// started, concurrently and off the caller's thread; the run completes once every execute and interrupt returned.
/// Async executes and interrupts run on the thread pool, synchronous ones on dedicated threads, as in the library.
/// </summary>
public sealed class PlainTaskGroup
{
    private readonly List<PlainMember> _members = [];

    public PlainTaskGroup Add(Func<CancellationToken, Task> execute, Action<Exception?>? interrupt = null)
    {
        _members.Add(new AsyncPlainMember(execute, interrupt));
        return this;
    }

    public PlainTaskGroup Add(Func<Exception?> execute, Action<Exception?> interrupt)
    {
        _members.Add(new SyncPlainMember(execute, interrupt));
        return this;
    }

    /// <returns>The first member's exit error.</returns>
    public async Task<Exception?> RunAsync()
    {
        var run = new PlainRun(_members.Count);
        foreach (var member in _members)
        {
            member.Start(run);
        }

        var error = await run.FirstExit.ConfigureAwait(false);
        foreach (var member in _members)
        {
            member.RequestInterrupt(error);
        }

        await run.AllReturned.ConfigureAwait(false);
        return error;
    }

    private sealed class PlainRun(int members)
    {
        private readonly TaskCompletionSource<Exception?> _firstExit = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _allReturned = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _pending = 2 * members;

        public Task<Exception?> FirstExit => _firstExit.Task;

        public Task AllReturned => _allReturned.Task;

        public void Exited(Exception? error)
        {
            _firstExit.TrySetResult(error);
            Returned();
        }

        public void Returned()
        {
            if (Interlocked.Decrement(ref _pending) == 0)
            {
                _allReturned.TrySetResult();
            }
        }
    }

    /// <summary>Dispatches the interrupt once, when both its execute has started and the interrupt was requested.</summary>
    private abstract class PlainMember
    {
        private int _state;

        protected PlainRun Run { get; private set; } = null!;

        protected Exception? Cause { get; private set; }

        public void Start(PlainRun run)
        {
            Run = run;
            StartExecute();
        }

        public void RequestInterrupt(Exception? error)
        {
            Cause = error;
            if (Interlocked.Or(ref _state, 2) == 1)
            {
                DispatchInterrupt();
            }
        }

        protected void OnExecuteStarting()
        {
            if (Interlocked.Or(ref _state, 1) == 2)
            {
                DispatchInterrupt();
            }
        }

        protected abstract void StartExecute();

        protected abstract void DispatchInterrupt();
    }

    private sealed class AsyncPlainMember(Func<CancellationToken, Task> execute, Action<Exception?>? interrupt) : PlainMember
    {
        private readonly CancellationTokenSource _cancellation = new();

        protected override void StartExecute() =>
            ThreadPool.UnsafeQueueUserWorkItem(static m => m.Execute(), this, preferLocal: false);

        protected override void DispatchInterrupt() =>
            ThreadPool.UnsafeQueueUserWorkItem(static m => m.Interrupt(), this, preferLocal: false);

        private void Execute()
        {
            OnExecuteStarting();
            Task task;
            try
            {
                task = execute(_cancellation.Token);
            }
            catch (Exception e)
            {
                Run.Exited(e);
                return;
            }

            task.ContinueWith(
                static (t, state) => ((PlainRun)state!).Exited(t.Exception?.InnerException ?? (t.IsCanceled ? new OperationCanceledException() : null)),
                Run,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        private void Interrupt()
        {
            try
            {
                interrupt?.Invoke(Cause);
                _cancellation.Cancel();
            }
            catch (Exception)
            {
                // The library records it; the baseline only has to go on.
            }

            Run.Returned();
        }
    }

    private sealed class SyncPlainMember(Func<Exception?> execute, Action<Exception?> interrupt) : PlainMember
    {
        protected override void StartExecute() => new Thread(static s => ((SyncPlainMember)s!).Execute()) { IsBackground = true }.Start(this);

        protected override void DispatchInterrupt() => new Thread(static s => ((SyncPlainMember)s!).Interrupt()) { IsBackground = true }.Start(this);

        private void Execute()
        {
            OnExecuteStarting();
            Exception? error;
            try
            {
                error = execute();
            }
            catch (Exception e)
            {
                error = e;
            }

            Run.Exited(error);
        }

        private void Interrupt()
        {
            try
            {
                interrupt(Cause);
            }
            catch (Exception)
            {
                // The library records it; the baseline only has to go on.
            }

            Run.Returned();
        }
    }
}
