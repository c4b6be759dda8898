using Akka.Event;
using Microsoft.Extensions.Logging;
using AkkaLogLevel = Akka.Event.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace AkkaRunGroup.Hosting.Internal;

/// <summary>
/// INTERNAL API. An <see cref="ILogger"/> that passes a line on to <paramref name="logger"/> only when the ActorSystem's
/// <c>akka.loglevel</c> lets its level through: the hosting's own lines (<see cref="HostingLogLines"/>) obey the same
/// two gates as the lines a run logs through <see cref="HostLogger"/>, <c>akka.loglevel</c> first, then the
/// <c>ILogger</c>'s filters.
/// </summary>
internal sealed class AkkaLogLevelFilter(ILogger logger, LoggingBus bus) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => logger.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => bus.LogLevel <= AkkaLevelOf(logLevel) && logger.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (bus.LogLevel <= AkkaLevelOf(logLevel))
        {
            logger.Log(logLevel, eventId, state, exception, formatter);
        }
    }

    private static AkkaLogLevel AkkaLevelOf(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => AkkaLogLevel.DebugLevel,
        LogLevel.Information => AkkaLogLevel.InfoLevel,
        LogLevel.Warning => AkkaLogLevel.WarningLevel,
        _ => AkkaLogLevel.ErrorLevel,
    };
}
