using Microsoft.Extensions.Hosting;

namespace AkkaRunGroup.Hosting;

/// <summary>Turns an existing <see cref="IHostedService"/> or <see cref="BackgroundService"/> into a group member.</summary>
public static class RunGroupHostedServiceExtensions
{
    /// <summary>Adds <paramref name="service"/> as an asynchronous member of <paramref name="group"/>.</summary>
    /// <param name="group">The group.</param>
    /// <param name="service">The service; do not also register it with the host, which would start it a second time.</param>
    /// <param name="name">A unique, non-empty name; null gives the service's type name.</param>
    /// <returns>The group.</returns>
    /// <remarks>
    /// <para>An <see cref="IHostedService"/> is started with <see cref="IHostedService.StartAsync"/>, then runs until the
    /// group is interrupted, then is stopped with <see cref="IHostedService.StopAsync"/>; it exits with an
    /// <see cref="OperationCanceledException"/>, or with what StartAsync or StopAsync threw.</para>
    /// <para>A <see cref="BackgroundService"/> is started the same way, and its <see cref="BackgroundService.ExecuteTask"/>
    /// is the execute: when it ends on its own (before or after its first await), the service is stopped and the
    /// member exits with its error (null when it ran to completion), which stops the group. Interrupted, the service
    /// is stopped, which cancels its stopping token, and the member exits with whatever ExecuteAsync then ends with.
    /// Either way, a service whose StartAsync returned is stopped exactly once.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="group"/> or <paramref name="service"/> is null.</exception>
    /// <exception cref="ArgumentException">The name is empty or taken by another member.</exception>
    /// <exception cref="InvalidOperationException">The group has already been run.</exception>
    public static RunGroup AddHostedService(this RunGroup group, IHostedService service, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(service);
        name ??= service.GetType().Name;
        return service is BackgroundService background
            ? group.Add(interrupted => RunBackgroundService(background, interrupted), name: name)
            : group.Add(interrupted => RunHostedService(service, interrupted), name: name);
    }

    private static async Task RunHostedService(IHostedService service, CancellationToken interrupted)
    {
        await service.StartAsync(interrupted).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, interrupted).ConfigureAwait(false);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task RunBackgroundService(BackgroundService service, CancellationToken interrupted)
    {
        try
        {
            await service.StartAsync(interrupted).ConfigureAwait(false);
        }
        catch when (service.ExecuteTask is { IsFaulted: true } or { IsCanceled: true })
        {
            // StartAsync hands back ExecuteTask when ExecuteAsync failed before its first await: the service started,
            // and its execute has ended. It is stopped below like a service whose ExecuteAsync failed later.
        }

        var execute = service.ExecuteTask ?? Task.CompletedTask;
        try
        {
            await execute.WaitAsync(interrupted).ConfigureAwait(false);
        }
        catch
        {
            // ExecuteAsync failed (its error is rethrown below, once the service is stopped), or the member was
            // interrupted while it runs: StopAsync cancels its stopping token and waits for it to end.
        }

        // Every started service is stopped once, as the Generic Host does, however its ExecuteAsync ended.
        await service.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await execute.ConfigureAwait(false);
    }
}
