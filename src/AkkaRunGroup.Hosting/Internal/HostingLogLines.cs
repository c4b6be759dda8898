using Microsoft.Extensions.Logging;

namespace AkkaRunGroup.Hosting.Internal;

/// <summary>
/// INTERNAL API. Every log line about a hosted group, category <see cref="Category"/>: written straight to the host's
/// <see cref="ILogger"/> by the <c>[LoggerMessage]</c> source generator, each with its stable event id (3001 and up,
/// declared once, here; an id is never given to another kind of line). <see cref="HostedGroups"/> hands them a logger
/// behind <c>akka.loglevel</c> (<see cref="AkkaLogLevelFilter"/>), so that they obey it as a run's lines do.
/// </summary>
internal static partial class HostingLogLines
{
    /// <summary>The category of the lines about hosted groups.</summary>
    public const string Category = "AkkaRunGroup.Hosting";

    [LoggerMessage(3001, LogLevel.Error, "Hosted run group '{Group}' could not start")]
    public static partial void GroupCouldNotStart(ILogger logger, Exception error, string group);

    [LoggerMessage(3002, LogLevel.Error, "Hosted run group '{Group}' failed; exit code 1: {Result}")]
    public static partial void GroupFailed(ILogger logger, string group, string result);

    [LoggerMessage(3003, LogLevel.Information, "Hosted run group '{Group}' completed; stopping the host")]
    public static partial void GroupCompletedStoppingHost(ILogger logger, string group);

    [LoggerMessage(
        3004,
        LogLevel.Warning,
        "Hosted run group '{Group}': akka.coordinated-shutdown.phases.{Phase}.timeout ({PhaseTimeout}) is shorter than the group's drain delay and interrupt timeout ({DrainDelay} and {InterruptTimeout}); " +
        "a shutdown that CoordinatedShutdown starts waits for the group only that long. Raise the phase timeout or set RunGroupHostingOptions.InterruptTimeout.")]
    public static partial void PhaseTimeoutIsShorter(ILogger logger, string group, string phase, TimeSpan phaseTimeout, TimeSpan drainDelay, object interruptTimeout);

    [LoggerMessage(
        3005,
        LogLevel.Warning,
        "Hosted run group '{Group}' drains for {DrainDelay}, but the host's stop does not wait for the drain: call services.AddRunGroupHealthChecks(), " +
        "or the host's other services (an ASP.NET Core server included) stop at once.")]
    public static partial void DrainNotAwaited(ILogger logger, string group, TimeSpan drainDelay);

    [LoggerMessage(
        3006,
        LogLevel.Warning,
        "Hosted run group '{Group}': its drain delay ({DrainDelay}) and interrupt timeout ({InterruptTimeout}) add up to more than the host's HostOptions.ShutdownTimeout ({ShutdownTimeout}); " +
        "the host may give up on the group before it has completed.")]
    public static partial void HostGivesUpFirst(ILogger logger, string group, TimeSpan drainDelay, TimeSpan interruptTimeout, TimeSpan shutdownTimeout);
}
