using Akka.Actor;
using Akka.Event;
using AkkaRunGroup.Internal;

namespace AkkaRunGroup;

/// <summary>
/// Where the log lines of the run groups of an ActorSystem go. Each line belongs to a category that starts with
/// <c>AkkaRunGroup</c>: <c>AkkaRunGroup.RunGroup</c> for a run's own lines, <c>AkkaRunGroup.Cluster</c> for a cluster
/// member's (<c>AkkaRunGroup.Hosting</c> writes its own lines, about hosted groups, straight to <c>ILogger</c>). Every
/// line is a message template with named placeholders (<c>{Group}</c>, <c>{Member}</c>, <c>{Error}</c>, ...) and a
/// stable event id: a <see cref="RunGroupLogMessage"/>, which <c>AkkaRunGroup.Hosting</c> hands to <c>ILogger</c> as
/// the line's <c>EventId</c>.
/// </summary>
/// <remarks>
/// By default a category's lines go to Akka's logging, through the system's EventStream, with the category as their
/// log source; they are formatted with Akka's <see cref="SemanticLogMessageFormatter"/> whatever
/// <c>akka.logger-formatter</c> says, so that any Akka logger prints them readably. Akka's logging is asynchronous: a
/// line logged just before the ActorSystem terminates may reach its logger late or not at all.
/// <see cref="UseLoggers"/> sends them elsewhere, such as straight to <c>Microsoft.Extensions.Logging</c>, which
/// <c>AkkaRunGroup.Hosting</c> does for a system that runs a hosted group.
/// </remarks>
public static class RunGroupLogging
{
    /// <summary>
    /// The logger of <paramref name="category"/> on <paramref name="system"/>: the one <see cref="UseLoggers"/> gave,
    /// else one that logs through Akka with <paramref name="category"/> as its log source.
    /// </summary>
    /// <param name="system">The ActorSystem the lines are about.</param>
    /// <param name="category">The lines' category, such as <c>AkkaRunGroup.RunGroup</c>.</param>
    /// <returns>A logger; each call creates a new one, so a caller keeps it as long as it logs.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="system"/> or <paramref name="category"/> is null.</exception>
    public static ILoggingAdapter GetLogger(ActorSystem system, string category)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(category);
        return RunGroupExtension.Get(system).Loggers is { } loggers
            ? loggers(category)
            : Logging.GetLogger(system, LogSource.Create(category, typeof(RunGroupLogging)), SemanticLogMessageFormatter.Instance);
    }

    /// <summary>
    /// Makes <paramref name="loggers"/> create the loggers of the run groups of <paramref name="system"/>, one per
    /// category, instead of Akka's logging. The loggers it creates must be safe to use from any thread and should
    /// format messages with <see cref="SemanticLogMessageFormatter"/>.
    /// </summary>
    /// <remarks>
    /// Call it before the system runs a group: a logger created before the call keeps logging where it did. A later
    /// call replaces the earlier one for the loggers created after it.
    /// </remarks>
    /// <param name="system">The ActorSystem whose groups' lines are sent elsewhere.</param>
    /// <param name="loggers">Creates the logger of a category.</param>
    /// <exception cref="ArgumentNullException"><paramref name="system"/> or <paramref name="loggers"/> is null.</exception>
    public static void UseLoggers(ActorSystem system, Func<string, ILoggingAdapter> loggers)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(loggers);
        RunGroupExtension.Get(system).Loggers = loggers;
    }
}
