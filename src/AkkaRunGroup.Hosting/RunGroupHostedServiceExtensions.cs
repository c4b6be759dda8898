using AkkaRunGroup.Hosting.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AkkaRunGroup.Hosting;

/// <summary>Turns an existing <see cref="IHostedService"/> or <see cref="BackgroundService"/> into a group member.</summary>
public static class RunGroupHostedServiceExtensions
{
    /// <summary>Adds <paramref name="service"/> as an asynchronous member of <paramref name="group"/>.</summary>
    /// <param name="group">The group.</param>
    /// <param name="service">The service; do not also register it with the host, which would start it a second time.</param>
    /// <param name="name">A unique, non-empty name; null gives the service's type name.</param>
    /// <param name="stopTimeout">
    /// The service's grace period: how long after its stop begins the token given to its stop methods is cancelled.
    /// Positive, or <see cref="Timeout.InfiniteTimeSpan"/> for a token that is never cancelled.
    /// </param>
    /// <returns>The group.</returns>
    /// <remarks>
    /// <para>The service starts and stops as the Generic Host starts and stops its own services:
    /// <see cref="IHostedLifecycleService.StartingAsync"/>, <see cref="IHostedService.StartAsync"/> and
    /// <see cref="IHostedLifecycleService.StartedAsync"/> (the first and last only for an
    /// <see cref="IHostedLifecycleService"/>) with the member's interrupt token, which is cancelled when the group is
    /// interrupted, where the Host gives its startup token; then the service runs; then
    /// <see cref="IHostedLifecycleService.StoppingAsync"/>, <see cref="IHostedService.StopAsync"/> and
    /// <see cref="IHostedLifecycleService.StoppedAsync"/> with one token, cancelled <paramref name="stopTimeout"/> after
    /// the stop began, as the Host's token is cancelled when its <c>HostOptions.ShutdownTimeout</c> is over.</para>
    /// <para>The grace period, when <paramref name="stopTimeout"/> is null, is the group's interrupt timeout for a group
    /// that <c>WithRunGroup</c> runs (the one <see cref="RunGroupHostingOptions.InterruptTimeout"/> describes, set on the
    /// group before the configure callback runs), so the token is cancelled at about the time the group stops waiting
    /// for the member. A group run any other way does not show its timeout to this method: the grace period is then infinite,
    /// the default of <c>akka.run-group.interrupt-timeout</c>; pass the group's timeout if it has one.</para>
    /// <para>An <see cref="IHostedService"/> runs until the group is interrupted; its member then exits with an
    /// <see cref="OperationCanceledException"/>. A <see cref="BackgroundService"/> runs as long as its
    /// <see cref="BackgroundService.ExecuteTask"/>: when that ends on its own, the service is stopped and the member exits
    /// with its error (null when it ran to completion), which stops the group. Interrupted, the service is stopped, which
    /// cancels its stopping token; the member exits when ExecuteAsync has ended (bounded by the group's interrupt timeout,
    /// not by the grace period), with what it ended with.</para>
    /// <para>Exceptions follow the Host. One from StartingAsync or StartAsync aborts the start: the service counts as
    /// never started and is not stopped. One from StartedAsync aborts the start too, but the service has started, so it
    /// is stopped. A service whose StartAsync returned is stopped exactly once, however it ends. An exception from one
    /// stop method does not skip the others. The member exits with the exceptions of StartedAsync, of the stop methods
    /// and of ExecuteAsync, in that order: one as itself, several in an <see cref="AggregateException"/>, as the Host's
    /// StopAsync throws them; with none, as said above. A BackgroundService whose StopAsync threw is not waited for.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="group"/> or <paramref name="service"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stopTimeout"/> is zero or negative, and not infinite.</exception>
    /// <exception cref="ArgumentException">The name is empty or taken by another member.</exception>
    /// <exception cref="InvalidOperationException">The group has already been run.</exception>
    public static RunGroup AddHostedService(this RunGroup group, IHostedService service, string? name = null, TimeSpan? stopTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(service);
        if (stopTimeout is { } timeout && timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(stopTimeout), timeout, "A stop timeout must be positive, or Timeout.InfiniteTimeSpan.");
        }

        var member = new HostedServiceMember(service, stopTimeout ?? HostedGroups.InterruptTimeoutOf(group) ?? Timeout.InfiniteTimeSpan);
        return group.Add(member.ExecuteAsync, name: name ?? service.GetType().Name);
    }

    /// <summary>
    /// Adds the <typeparamref name="T"/> that <paramref name="services"/> holds as an asynchronous member of
    /// <paramref name="group"/>, as <see cref="AddHostedService(RunGroup, IHostedService, string?, TimeSpan?)"/> does.
    /// </summary>
    /// <typeparam name="T">The service's type, as registered.</typeparam>
    /// <param name="group">The group.</param>
    /// <param name="services">The container: in <c>WithRunGroup</c>, the services its configure callback is given.</param>
    /// <param name="name">A unique, non-empty name; null gives the service's type name.</param>
    /// <param name="stopTimeout">The service's grace period; see the other overload.</param>
    /// <returns>The group.</returns>
    /// <remarks>
    /// Register the service with <c>services.AddSingleton&lt;T&gt;()</c>, not with <c>services.AddHostedService&lt;T&gt;()</c>:
    /// the Host starts every <see cref="IHostedService"/> registered as one, so it would run twice. A
    /// <typeparamref name="T"/> among the host's hosted services is refused. The container owns the instance and
    /// disposes it with the host.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="group"/> or <paramref name="services"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stopTimeout"/> is zero or negative, and not infinite.</exception>
    /// <exception cref="ArgumentException">The name is empty or taken by another member.</exception>
    /// <exception cref="InvalidOperationException">
    /// <typeparamref name="T"/> is not registered, or is registered as a hosted service too; or the group has already been run.
    /// </exception>
    public static RunGroup AddHostedService<T>(this RunGroup group, IServiceProvider services, string? name = null, TimeSpan? stopTimeout = null)
        where T : class, IHostedService
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(services);
        if (services.GetServices<IHostedService>().OfType<T>().FirstOrDefault() is { } hosted)
        {
            throw new InvalidOperationException(
                $"{typeof(T).Name} is registered as a hosted service ({hosted.GetType().Name}), so the host starts it already. " +
                $"Register it with services.AddSingleton<{typeof(T).Name}>() instead to run it in run group '{group.Name}'.");
        }

        return group.AddHostedService(services.GetRequiredService<T>(), name, stopTimeout);
    }
}
