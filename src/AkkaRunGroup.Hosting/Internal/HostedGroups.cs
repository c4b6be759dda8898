using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.DependencyInjection;
using Akka.Event;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AkkaRunGroup.Hosting.Internal;

/// <summary>
/// INTERNAL API. The hosted groups of each Akka.Hosting builder, and how one is started and tied to the host's lifetime.
/// </summary>
/// <remarks>
/// Akka.Hosting calls the <c>AddAkka</c> callback after the service container is built, so <c>WithRunGroup</c>
/// cannot register services: the handles hang off the builder, which is itself a registered service.
/// </remarks>
internal static class HostedGroups
{
    private static readonly ConditionalWeakTable<AkkaConfigurationBuilder, Dictionary<string, RunGroupHandle>> Groups = new();

    /// <summary>
    /// The interrupt timeout of each running hosted group, written by <see cref="Start"/> before the configure callback
    /// runs and read by <c>AddHostedService</c> inside it, for its members' grace period.
    /// </summary>
    private static readonly ConditionalWeakTable<RunGroup, object> InterruptTimeouts = new();

    public static RunGroupHandle Add(AkkaConfigurationBuilder builder, string name)
    {
        var groups = Groups.GetOrCreateValue(builder);
        lock (groups)
        {
            if (groups.ContainsKey(name))
            {
                throw new ArgumentException($"This ActorSystem already runs a hosted run group named '{name}'.", nameof(name));
            }

            var handle = new RunGroupHandle(new RunGroup(name));
            groups.Add(name, handle);
            return handle;
        }
    }

    public static RunGroupHandle Get(AkkaConfigurationBuilder builder, string name)
    {
        if (Groups.TryGetValue(builder, out var groups))
        {
            lock (groups)
            {
                if (groups.TryGetValue(name, out var handle))
                {
                    return handle;
                }
            }
        }

        throw new InvalidOperationException($"No hosted run group named '{name}': add it with WithRunGroup in AddAkka.");
    }

    /// <summary>
    /// Builds and starts the group; called by Akka.Hosting once the ActorSystem and its actors have started. The
    /// system's runs record with the host's <see cref="IMeterFactory"/>, when the container has one.
    /// </summary>
    public static Task Start(RunGroupHandle handle, RunGroupHostingOptions options, ActorSystem system, IActorRegistry registry)
    {
        var group = handle.Group;
        var log = Logging.GetLogger(system, $"run-group-hosting/{group.Name}");
        try
        {
            var services = DependencyResolver.For(system).Resolver.GetService<IServiceProvider>();
            var lifetime = services.GetService<IHostApplicationLifetime>();
            if (services.GetService<IMeterFactory>() is { } meterFactory)
            {
                RunGroupTelemetry.UseMeterFactory(system, meterFactory);
            }

            var settings = RunGroupSettings.Create(system);
            var timeout = InterruptTimeout(options, settings, HostShutdownTimeout.Of(services));
            group.WithInterruptTimeout(timeout);
            InterruptTimeouts.AddOrUpdate(group, timeout);
            WarnIfThePhaseIsShorter(system, settings, timeout, log);

            options.Configure?.Invoke(group, services, registry);
            var run = group.RunAsync(system);
            var stopping = lifetime?.ApplicationStopping.Register(
                static state => ((RunGroup)state!).Interrupt(new OperationCanceledException("The host is stopping.")),
                group);
            handle.OnStarted();
            run.ContinueWith(
                completed =>
                {
                    stopping?.Dispose();
                    OnCompleted(handle, options, completed.Result, lifetime, log);
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
        catch (Exception e)
        {
            log.Error(e, "Hosted run group '{0}' could not start", group.Name);
            handle.OnFailedToStart(e);
            throw;
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The one rule for a hosted group's interrupt timeout: <see cref="RunGroupHostingOptions.InterruptTimeout"/>,
    /// else <c>akka.run-group.interrupt-timeout</c> when it is finite, else the host's <c>HostOptions.ShutdownTimeout</c>.
    /// What is not known yet (before the ActorSystem and the host's services exist) counts as its default: an infinite
    /// setting and the Host's default shutdown timeout.
    /// </summary>
    public static TimeSpan InterruptTimeout(RunGroupHostingOptions options, RunGroupSettings? settings, TimeSpan? hostShutdownTimeout) =>
        options.InterruptTimeout
        ?? (settings is { InterruptTimeout: var configured } && configured != Timeout.InfiniteTimeSpan
            ? configured
            : hostShutdownTimeout ?? HostShutdownTimeout.Default);

    /// <summary>The interrupt timeout of <paramref name="group"/> when it is a hosted group that has started; null otherwise.</summary>
    public static TimeSpan? InterruptTimeoutOf(RunGroup group) =>
        InterruptTimeouts.TryGetValue(group, out var timeout) ? (TimeSpan)timeout : null;

    /// <summary>Whether an error means that something went wrong, rather than that someone asked the group to stop.</summary>
    internal static bool IsFailure(Exception? error) =>
        error is not (null or SignalException or OperationCanceledException or CoordinatedShutdownException);

    private static void OnCompleted(
        RunGroupHandle handle, RunGroupHostingOptions options, RunResult result, IHostApplicationLifetime? lifetime, ILoggingAdapter log)
    {
        handle.OnCompleted(result);
        if (options.SetExitCode && IsFailure(result.Error))
        {
            Environment.ExitCode = 1;
            log.Error("Hosted {0}; exit code 1", result);
        }

        if (options.StopHostOnCompletion && lifetime is not null)
        {
            log.Info("Hosted run group '{0}' completed; stopping the host", result.Group);
            lifetime.StopApplication();
        }
    }

    private static void WarnIfThePhaseIsShorter(ActorSystem system, RunGroupSettings settings, TimeSpan timeout, ILoggingAdapter log)
    {
        var phase = settings.CoordinatedShutdownPhase;
        var phaseTimeout = CoordinatedShutdown.Get(system).Timeout(phase);
        if (timeout == Timeout.InfiniteTimeSpan || phaseTimeout < timeout)
        {
            log.Warning(
                "Hosted run group: akka.coordinated-shutdown.phases.{0}.timeout ({1}) is shorter than the group's interrupt timeout ({2}); " +
                "a stopping host waits for the group only that long. Raise the phase timeout or set RunGroupHostingOptions.InterruptTimeout.",
                phase,
                phaseTimeout,
                timeout == Timeout.InfiniteTimeSpan ? "infinite" : timeout.ToString());
        }
    }
}
