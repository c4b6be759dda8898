using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Hosting;

namespace AkkaRunGroup.Hosting.Internal;

/// <summary>
/// INTERNAL API. The execute of a member that runs one <see cref="IHostedService"/>: its hooks in the Generic Host's
/// order and with the Host's tokens, its work until the member is interrupted (or, for a
/// <see cref="BackgroundService"/>, until its ExecuteTask ends), then its stop. The rules are on
/// <see cref="RunGroupHostedServiceExtensions.AddHostedService(RunGroup, IHostedService, string?, TimeSpan?)"/>.
/// </summary>
internal sealed class HostedServiceMember(IHostedService service, TimeSpan stopTimeout)
{
    /// <summary>The longest delay a CancellationTokenSource can count (about 49.7 days): a longer one never ends in practice.</summary>
    private static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    private readonly IHostedLifecycleService? _lifecycle = service as IHostedLifecycleService;

    public async Task ExecuteAsync(CancellationToken interrupted)
    {
        // Until StartAsync has returned the service has not started: an exception ends the member, and nothing is stopped.
        if (_lifecycle is not null)
        {
            await _lifecycle.StartingAsync(interrupted).ConfigureAwait(false);
        }

        var work = await StartAsync(interrupted).ConfigureAwait(false);

        // Started: from here on the service is stopped exactly once, whatever happens.
        var errors = new List<Exception>();
        if (_lifecycle is not null)
        {
            await Collect(() => _lifecycle.StartedAsync(interrupted), errors).ConfigureAwait(false);
        }

        if (errors.Count == 0)
        {
            await (work ?? Task.Delay(Timeout.Infinite, interrupted)).WaitAsync(interrupted)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        using var grace = new CancellationTokenSource();
        if (stopTimeout != Timeout.InfiniteTimeSpan && stopTimeout < LongestTimer)
        {
            grace.CancelAfter(stopTimeout);
        }

        if (_lifecycle is not null)
        {
            await Collect(() => _lifecycle.StoppingAsync(grace.Token), errors).ConfigureAwait(false);
        }

        var stopped = await Collect(() => service.StopAsync(grace.Token), errors).ConfigureAwait(false);
        if (_lifecycle is not null)
        {
            await Collect(() => _lifecycle.StoppedAsync(grace.Token), errors).ConfigureAwait(false);
        }

        // A BackgroundService's work is over when its ExecuteTask is; a StopAsync that threw may not have cancelled
        // it, so the member does not wait for it then.
        if (work is not null && stopped)
        {
            await work.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (work.Exception is { } failed)
            {
                errors.AddRange(failed.InnerExceptions);
            }
        }

        switch (errors.Count)
        {
            case 0:
                break;
            case 1:
                ExceptionDispatchInfo.Throw(errors[0]);
                break;
            default:
                throw new AggregateException($"One or more lifecycle methods of hosted service {service.GetType().Name} failed.", errors);
        }

        if (work is not null)
        {
            // Ran to completion (a clean exit) or was cancelled (an OperationCanceledException).
            await work.ConfigureAwait(false);
            return;
        }

        // An IHostedService runs until its member is interrupted.
        interrupted.ThrowIfCancellationRequested();
    }

    /// <summary>Starts the service; returns a BackgroundService's work (its ExecuteTask), null for any other service.</summary>
    private async Task<Task?> StartAsync(CancellationToken interrupted)
    {
        try
        {
            await service.StartAsync(interrupted).ConfigureAwait(false);
        }
        catch when (service is BackgroundService { ExecuteTask: { IsFaulted: true } or { IsCanceled: true } })
        {
            // A StartAsync that hands back its ExecuteTask (as BackgroundService did before .NET 10 when ExecuteAsync
            // failed before its first await) has started the service, whose work has already ended.
        }

        // A BackgroundService that never set its ExecuteTask has no work: it ends at once, which stops the group.
        return service is BackgroundService background ? background.ExecuteTask ?? Task.CompletedTask : null;
    }

    /// <summary>Runs a hook that must not keep the next ones from running, as the Host runs its stop hooks.</summary>
    private static async Task<bool> Collect(Func<Task> hook, List<Exception> errors)
    {
        try
        {
            await hook().ConfigureAwait(false);
            return true;
        }
        catch (Exception e)
        {
            errors.Add(e);
            return false;
        }
    }
}
