using Microsoft.Extensions.Hosting;

namespace AkkaRunGroup.Hosting.Tests;

/// <summary>An <see cref="IHostedLifecycleService"/> that records each call and its token, and throws in the hooks it is told to.</summary>
internal sealed class LifecycleService(params string[] throwIn) : IHostedLifecycleService
{
    public static readonly string[] EveryHook = ["starting", "start", "started", "stopping", "stop", "stopped"];

    private readonly List<(string Hook, CancellationToken Token)> _calls = [];

    /// <summary>The error each hook named at construction throws.</summary>
    public IReadOnlyDictionary<string, Exception> Errors { get; } =
        throwIn.ToDictionary(hook => hook, hook => (Exception)new InvalidOperationException($"{hook} failed"));

    /// <summary>Completes when StartedAsync is called.</summary>
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string[] Hooks
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls.Select(c => c.Hook)];
            }
        }
    }

    public CancellationToken TokenOf(string hook)
    {
        lock (_calls)
        {
            return _calls.Single(c => c.Hook == hook).Token;
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Record("starting", cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Record("start", cancellationToken);

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        Started.TrySetResult();
        return Record("started", cancellationToken);
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Record("stopping", cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Record("stop", cancellationToken);

    public Task StoppedAsync(CancellationToken cancellationToken) => Record("stopped", cancellationToken);

    private Task Record(string hook, CancellationToken token)
    {
        lock (_calls)
        {
            _calls.Add((hook, token));
        }

        return Errors.TryGetValue(hook, out var error) ? Task.FromException(error) : Task.CompletedTask;
    }
}
