using System.Collections;
using Akka.Actor;
using Akka.Event;
using Microsoft.Extensions.Logging;
using AkkaLogLevel = Akka.Event.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace AkkaRunGroup.Hosting.Internal;

/// <summary>
/// INTERNAL API. An Akka logger that writes each line straight to an <see cref="ILogger"/> of the host, on the calling
/// thread: the library's loggers on the system of a hosted group (<see cref="UseFor"/>). Nothing is queued, so a line
/// logged before the run's task completes has reached <c>ILogger</c> by then, however soon the ActorSystem terminates.
/// </summary>
/// <remarks>
/// <para>A line the library logs is a <see cref="RunGroupLogMessage"/>: its event id and name become the line's
/// <see cref="EventId"/>. Any other message is written with none (0).</para>
/// <para>A line is written when both the system's <c>akka.loglevel</c> and the <c>ILogger</c>'s filters let its level
/// through. Its state lists the template's named fields, then <c>{OriginalFormat}</c> (the template), as
/// <c>ILogger.LogInformation("...", ...)</c> would; its text is Akka's rendering of the template.</para>
/// </remarks>
internal sealed class HostLogger(ILogger logger, LoggingBus bus) : LoggingAdapterBase(SemanticLogMessageFormatter.Instance)
{
    public override bool IsDebugEnabled => Enabled(AkkaLogLevel.DebugLevel);

    public override bool IsInfoEnabled => Enabled(AkkaLogLevel.InfoLevel);

    public override bool IsWarningEnabled => Enabled(AkkaLogLevel.WarningLevel);

    public override bool IsErrorEnabled => Enabled(AkkaLogLevel.ErrorLevel);

    /// <summary>Sends the lines of the run groups of <paramref name="system"/> to the loggers of <paramref name="factory"/>.</summary>
    public static void UseFor(ActorSystem system, ILoggerFactory factory) =>
        RunGroupLogging.UseLoggers(system, category => new HostLogger(factory.CreateLogger(category), system.EventStream));

    protected override void NotifyLog(AkkaLogLevel logLevel, object message, Exception? cause = null) =>
        logger.Log(LevelOf(logLevel), EventIdOf(message), new Line(message), cause, static (line, _) => line.ToString());

    private static EventId EventIdOf(object message) =>
        message is RunGroupLogMessage line ? new EventId(line.EventId, line.EventName) : default;

    private bool Enabled(AkkaLogLevel level) => bus.LogLevel <= level && logger.IsEnabled(LevelOf(level));

    private static LogLevel LevelOf(AkkaLogLevel level) => level switch
    {
        AkkaLogLevel.DebugLevel => LogLevel.Debug,
        AkkaLogLevel.InfoLevel => LogLevel.Information,
        AkkaLogLevel.WarningLevel => LogLevel.Warning,
        _ => LogLevel.Error,
    };

    /// <summary>A line's state: its named fields and its template; its text, rendered on first use.</summary>
    private sealed class Line : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly object _message;
        private readonly KeyValuePair<string, object?>[] _fields;
        private string? _text;

        public Line(object message)
        {
            _message = message;
            var (fields, template) = message is LogMessage m ? (m.GetProperties(), m.Format) : (null, message.ToString());
            _fields = new KeyValuePair<string, object?>[(fields?.Count ?? 0) + 1];
            var i = 0;
            foreach (var field in fields ?? Enumerable.Empty<KeyValuePair<string, object>>())
            {
                _fields[i++] = new(field.Key, field.Value);
            }

            _fields[i] = new("{OriginalFormat}", template);
        }

        public int Count => _fields.Length;

        public KeyValuePair<string, object?> this[int index] => _fields[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_fields).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => _text ??= _message.ToString() ?? "";
    }
}
