using System.Collections.Concurrent;
using Akka.Event;

namespace AkkaRunGroup.Tests.Reliability;

/// <summary>
/// The logger of the random suite's shared systems: it formats every log line, as a real logger would, and keeps
/// none. A line that fails to format (a member's error read unprotected in it) is kept for the suite to report.
/// </summary>
public sealed class ChaosLogger : ReceiveActor
{
    /// <summary>The name <c>akka.loggers</c> takes.</summary>
    public const string TypeName = "AkkaRunGroup.Tests.Reliability.ChaosLogger, AkkaRunGroup.Tests";

    private static long _lines;

    public ChaosLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e =>
        {
            Interlocked.Increment(ref _lines);
            try
            {
                _ = e.Message?.ToString();
            }
            catch (Exception thrown)
            {
                Failures.Enqueue($"{e.LogSource}: {e.GetType().Name} line failed to format: {ChaosChecks.Describe(thrown)}");
            }
        });
    }

    /// <summary>The lines formatted so far, by every ChaosLogger of the process.</summary>
    public static long Lines => Interlocked.Read(ref _lines);

    /// <summary>The lines that failed to format, by every ChaosLogger of the process.</summary>
    public static ConcurrentQueue<string> Failures { get; } = new();
}
