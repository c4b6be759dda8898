using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.DependencyInjection;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

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
        // Without regard to case, as health check names are compared: two groups whose names differ only in case
        // would register the same checks.
        var groups = Groups.GetValue(builder, static _ => new Dictionary<string, RunGroupHandle>(StringComparer.OrdinalIgnoreCase));
        lock (groups)
        {
            if (groups.ContainsKey(name))
            {
                throw new ArgumentException(
                    $"This ActorSystem already runs a hosted run group named '{name}' (group names compare without regard to case, as health check names do).",
                    nameof(name));
            }

            var handle = new RunGroupHandle(new RunGroup(name));
            groups.Add(name, handle);
            return handle;
        }
    }

    /// <summary>The hosted groups of <paramref name="builder"/>.</summary>
    public static RunGroupHandle[] All(AkkaConfigurationBuilder builder)
    {
        if (!Groups.TryGetValue(builder, out var groups))
        {
            return [];
        }

        lock (groups)
        {
            return [.. groups.Values];
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
    /// Builds and starts the group; called by Akka.Hosting once the ActorSystem and its actors have started. From now
    /// on the library's lines about this system go straight to the host's <c>ILogger</c> (<see cref="HostLogger"/>),
    /// and the system's runs record with the host's <see cref="IMeterFactory"/>, when the container has one.
    /// </summary>
    public static Task Start(RunGroupHandle handle, RunGroupHostingOptions options, ActorSystem system, IActorRegistry registry)
    {
        var group = handle.Group;
        IServiceProvider? services = null;
        ILogger? log = null;
        try
        {
            services = DependencyResolver.For(system).Resolver.GetService<IServiceProvider>();
            if (services.GetService<ILoggerFactory>() is { } loggerFactory)
            {
                HostLogger.UseFor(system, loggerFactory);
            }

            log = LoggerOf(services, system);
            var lifetime = services.GetService<IHostApplicationLifetime>();
            if (services.GetService<IMeterFactory>() is { } meterFactory)
            {
                RunGroupTelemetry.UseMeterFactory(system, meterFactory);
            }

            var settings = RunGroupSettings.Create(system);
            var shutdownTimeout = HostShutdownTimeout.Of(services);
            var drain = DrainDelay(options, settings);
            ThrowIfTheDrainIsTooLong(group.Name, drain, shutdownTimeout);
            var timeout = InterruptTimeout(options, settings, shutdownTimeout, drain);
            ThrowIfNoTimeIsLeft(group.Name, timeout, shutdownTimeout);
            group.WithInterruptTimeout(timeout).WithDrainDelay(drain);
            InterruptTimeouts.AddOrUpdate(group, timeout);

            options.Configure?.Invoke(group, services, registry);
            // The rule is applied to what the group runs with: a drain or timeout the callback chose wins, and is checked.
            drain = group.DrainDelay ?? drain;
            timeout = group.InterruptTimeout ?? timeout;
            ThrowIfTheDrainIsTooLong(group.Name, drain, shutdownTimeout);
            InterruptTimeouts.AddOrUpdate(group, timeout);
            WarnIfThePhaseIsShorter(system, group.Name, settings, drain, timeout, log);
            WarnIfTheHostDoesNotWait(group.Name, drain, timeout, shutdownTimeout, services, log);
            var run = group.RunAsync(system);
            var stopping = lifetime?.ApplicationStopping.Register(
                static state => ((RunGroup)state!).Interrupt(HostStopping()),
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
            // The run's own task in this phase awaits the run; this one awaits OnCompleted too, so that a stopping
            // host finds the hosting's lines written and the handle completed.
            CoordinatedShutdown.Get(system).AddTask(
                settings.CoordinatedShutdownPhase,
                $"run-group-hosting-{group.Name}",
                () => handle.Completion.ContinueWith(static _ => Akka.Done.Instance, TaskScheduler.Default));
        }
        catch (Exception e)
        {
            HostingLogLines.GroupCouldNotStart(log ?? LoggerOf(services, system), e, group.Name);
            handle.OnFailedToStart(e);
            throw;
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The logger of the lines about hosted groups: one of the host's <see cref="ILoggerFactory"/> (which Akka.Hosting
    /// requires: its own hosted service logs through it), behind <c>akka.loglevel</c>; none where there is no factory.
    /// </summary>
    private static ILogger LoggerOf(IServiceProvider? services, ActorSystem system) =>
        services?.GetService<ILoggerFactory>() is { } factory
            ? new AkkaLogLevelFilter(factory.CreateLogger(HostingLogLines.Category), system.EventStream)
            : NullLogger.Instance;

    /// <summary>
    /// The one rule for a hosted group's interrupt timeout: <see cref="RunGroupHostingOptions.InterruptTimeout"/>,
    /// else <c>akka.run-group.interrupt-timeout</c> when it is finite, else what the drain leaves of the host's
    /// <c>HostOptions.ShutdownTimeout</c>. What is not known yet (before the ActorSystem and the host's services exist)
    /// counts as its default: an infinite setting and the Host's default shutdown timeout.
    /// </summary>
    public static TimeSpan InterruptTimeout(RunGroupHostingOptions options, RunGroupSettings? settings, TimeSpan? hostShutdownTimeout, TimeSpan drain)
    {
        if (options.InterruptTimeout is { } chosen)
        {
            return chosen;
        }

        if (settings is { InterruptTimeout: var configured } && configured != Timeout.InfiniteTimeSpan)
        {
            return configured;
        }

        var shutdown = hostShutdownTimeout ?? HostShutdownTimeout.Default;
        return shutdown == Timeout.InfiniteTimeSpan || drain >= shutdown ? shutdown : shutdown - drain;
    }

    /// <summary>
    /// The longest CoordinatedShutdown phase timeout the hosting writes: Akka adds a phase's timeout to its clock and
    /// schedules it, which overflows near <see cref="TimeSpan.MaxValue"/>. A day is also the longest drain a group takes.
    /// </summary>
    public static readonly TimeSpan LongestPhaseTimeout = TimeSpan.FromDays(1);

    /// <summary>
    /// <paramref name="a"/> + <paramref name="b"/>, where either being <see cref="Timeout.InfiniteTimeSpan"/> makes the sum
    /// infinite, and a sum past <see cref="TimeSpan.MaxValue"/> is <see cref="TimeSpan.MaxValue"/>: every sum of timeouts
    /// the hosting computes goes through here.
    /// </summary>
    public static TimeSpan Sum(TimeSpan a, TimeSpan b) =>
        a == Timeout.InfiniteTimeSpan || b == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan
        : a > TimeSpan.MaxValue - b ? TimeSpan.MaxValue
        : a + b;

    /// <summary>The timeout of the group's CoordinatedShutdown phase: its drain and interrupt timeout, at most <see cref="LongestPhaseTimeout"/>.</summary>
    public static TimeSpan PhaseTimeout(TimeSpan drain, TimeSpan interruptTimeout)
    {
        var sum = Sum(drain, interruptTimeout);
        return sum == Timeout.InfiniteTimeSpan || sum > LongestPhaseTimeout ? LongestPhaseTimeout : sum;
    }

    /// <summary>A hosted group's drain delay: <see cref="RunGroupHostingOptions.DrainDelay"/>, else <c>akka.run-group.drain-delay</c>.</summary>
    public static TimeSpan DrainDelay(RunGroupHostingOptions options, RunGroupSettings? settings) =>
        options.DrainDelay ?? settings?.DrainDelay ?? TimeSpan.Zero;

    /// <summary>A host shutdown timeout that leaves the group no time for its interrupt is refused, naming it.</summary>
    public static void ThrowIfNoTimeIsLeft(string group, TimeSpan timeout, TimeSpan hostShutdownTimeout)
    {
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new InvalidOperationException(
                $"Hosted run group '{group}': the host's HostOptions.ShutdownTimeout ({hostShutdownTimeout}) leaves the group no time to " +
                "interrupt its members. Raise HostOptions.ShutdownTimeout, or set RunGroupHostingOptions.InterruptTimeout (or akka.run-group.interrupt-timeout).");
        }
    }

    /// <summary>A drain the host would not wait out is refused: the group would never be interrupted before the host gave up.</summary>
    public static void ThrowIfTheDrainIsTooLong(string group, TimeSpan drain, TimeSpan hostShutdownTimeout)
    {
        if (drain > TimeSpan.Zero && hostShutdownTimeout != Timeout.InfiniteTimeSpan && drain >= hostShutdownTimeout)
        {
            throw new InvalidOperationException(
                $"Hosted run group '{group}': its drain delay ({drain}) is not shorter than the host's HostOptions.ShutdownTimeout " +
                $"({hostShutdownTimeout}), so the host would give up before the group was interrupted. Lower the drain delay " +
                "(RunGroupHostingOptions.DrainDelay or akka.run-group.drain-delay) or raise HostOptions.ShutdownTimeout.");
        }
    }

    /// <summary>The interrupt timeout of <paramref name="group"/> when it is a hosted group that has started; null otherwise.</summary>
    public static TimeSpan? InterruptTimeoutOf(RunGroup group) =>
        InterruptTimeouts.TryGetValue(group, out var timeout) ? (TimeSpan)timeout : null;

    /// <summary>The error a hosted group is stopped with when its host stops.</summary>
    public static OperationCanceledException HostStopping() => new("The host is stopping.");

    /// <summary>
    /// Whether an error means that something went wrong, rather than that someone asked the group to stop. A
    /// CoordinatedShutdown that the cluster ran because the node was downed or could not join is something gone wrong:
    /// the orchestrator must see the process fail and replace it.
    /// </summary>
    internal static bool IsFailure(Exception? error) => error switch
    {
        CoordinatedShutdownException { Reason: CoordinatedShutdown.ClusterDowningReason or CoordinatedShutdown.ClusterJoinUnsuccessfulReason } => true,
        null or SignalException or OperationCanceledException or CoordinatedShutdownException => false,
        _ => true,
    };

    /// <summary>
    /// The run completed: its lines are written, then <see cref="RunGroupHandle.Completion"/> completes, then the host
    /// is told to stop, so that whoever awaits either finds the lines written.
    /// </summary>
    private static void OnCompleted(
        RunGroupHandle handle, RunGroupHostingOptions options, RunResult result, IHostApplicationLifetime? lifetime, ILogger log)
    {
        if (options.SetExitCode && IsFailure(result.Error))
        {
            Environment.ExitCode = 1;
            HostingLogLines.GroupFailed(log, result.Group, result.ToString());
        }

        var stopHost = options.StopHostOnCompletion && lifetime is not null;
        if (stopHost)
        {
            HostingLogLines.GroupCompletedStoppingHost(log, result.Group);
        }

        handle.OnCompleted(result);
        if (stopHost)
        {
            lifetime!.StopApplication();
        }
    }

    private static void WarnIfThePhaseIsShorter(ActorSystem system, string group, RunGroupSettings settings, TimeSpan drain, TimeSpan timeout, ILogger log)
    {
        var phase = settings.CoordinatedShutdownPhase;
        var phaseTimeout = CoordinatedShutdown.Get(system).Timeout(phase);
        if (phaseTimeout < PhaseTimeout(drain, timeout))
        {
            HostingLogLines.PhaseTimeoutIsShorter(
                log,
                group,
                phase,
                phaseTimeout,
                drain,
                timeout == Timeout.InfiniteTimeSpan ? "infinite" : timeout.ToString());
        }
    }

    /// <summary>Says so when the host would not wait for the drain, or would give up on the group before its interrupt timeout.</summary>
    private static void WarnIfTheHostDoesNotWait(
        string group, TimeSpan drain, TimeSpan timeout, TimeSpan shutdownTimeout, IServiceProvider services, ILogger log)
    {
        if (drain > TimeSpan.Zero && !services.GetServices<IHostedService>().OfType<HostStopDrain>().Any())
        {
            HostingLogLines.DrainNotAwaited(log, group, drain);
        }

        if (drain > TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan && shutdownTimeout != Timeout.InfiniteTimeSpan && Sum(drain, timeout) > shutdownTimeout)
        {
            HostingLogLines.HostGivesUpFirst(log, group, drain, timeout, shutdownTimeout);
        }
    }
}
