using Akka.Event;

namespace AkkaRunGroup;

/// <summary>
/// One log line of the library with its event id: Akka's <see cref="LogMessage"/> (a message template with named
/// placeholders, and its arguments) that also says which kind of line it is. Every line the library logs through
/// <see cref="RunGroupLogging"/> is one; the event ids are listed in <c>docs/telemetry.md</c>.
/// </summary>
/// <remarks>
/// <para>An event id and its name are stable: a kind of line keeps them whatever its text, its level or its fields
/// become, and a line that may be worded two ways (an exit <c>cleanly</c> or <c>with {Error}</c>, <c>1 member</c> or
/// <c>2 members</c>) has one id. Ids are distinct across the library: 1000 to 1999 for <c>AkkaRunGroup.RunGroup</c>,
/// 2000 to 2999 for <c>AkkaRunGroup.Cluster</c>, 3000 to 3999 for <c>AkkaRunGroup.Hosting</c>.</para>
/// <para>A logger given to <see cref="RunGroupLogging.UseLoggers"/> receives it as the message of each line; the
/// loggers of <c>AkkaRunGroup.Hosting</c> hand its id and name to <c>ILogger</c> as the line's <c>EventId</c>. Akka's own
/// loggers print only its text, rendered by <see cref="SemanticLogMessageFormatter"/>.</para>
/// </remarks>
public sealed class RunGroupLogMessage : LogMessage
{
    private readonly object?[] _args;

    /// <summary>Creates a line of kind <paramref name="eventId"/> from <paramref name="template"/> and its arguments.</summary>
    /// <param name="eventId">The stable id of the kind of line.</param>
    /// <param name="eventName">The stable name of the kind of line, such as <c>FirstExit</c>.</param>
    /// <param name="template">A message template: one named placeholder (<c>{Group}</c>) per argument, in order.</param>
    /// <param name="args">The arguments of the placeholders.</param>
    /// <exception cref="ArgumentNullException"><paramref name="eventName"/>, <paramref name="template"/> or <paramref name="args"/> is null.</exception>
    public RunGroupLogMessage(int eventId, string eventName, string template, params object?[] args)
        : base(SemanticLogMessageFormatter.Instance, template ?? throw new ArgumentNullException(nameof(template)))
    {
        ArgumentNullException.ThrowIfNull(eventName);
        ArgumentNullException.ThrowIfNull(args);
        EventId = eventId;
        EventName = eventName;
        _args = args;
    }

    /// <summary>The stable id of the kind of line, such as 1001 for a run's first exit.</summary>
    public int EventId { get; }

    /// <summary>The stable name of the kind of line, such as <c>FirstExit</c>.</summary>
    public string EventName { get; }

    /// <summary>The line's text: the template with its arguments put in.</summary>
    /// <returns>For example <c>Run group 'api': member 'db' exited first cleanly; interrupting 3 members</c>.</returns>
    public override string ToString() => Formatter.Format(Format, Parameters());

    /// <summary>The arguments, comma-separated, without the template.</summary>
    /// <returns>The arguments' text.</returns>
    public override string Unformatted() => string.Join(", ", _args);

    /// <summary>The arguments of the template's placeholders, in order.</summary>
    /// <returns>The arguments, as given.</returns>
    public override IEnumerable<object> Parameters() => _args!;
}
