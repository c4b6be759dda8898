using System.CommandLine;
using AkkaRunGroup.Samples;

namespace Quickstart;

/// <summary>The sample's command line (<see cref="SampleCommandLine"/>'s convention).</summary>
internal sealed record Options(TimeSpan? ExitAfter, TimeSpan ShutdownDelay, TimeSpan DrainDelay)
{
    private static readonly Option<TimeSpan?> ExitAfterOption =
        SampleCommandLine.Duration("--exit-after", "the deadline after which the group stops itself", TimeSpan.FromSeconds(10), never: true);

    private static readonly Option<TimeSpan?> ShutdownDelayOption =
        SampleCommandLine.Duration("--shutdown-delay", "how long the ticker takes to clean up once interrupted", TimeSpan.Zero);

    private static readonly Option<TimeSpan?> DrainDelayOption =
        SampleCommandLine.Duration("--drain-delay", "how long a signal drains before the group is interrupted; a second signal ends it", TimeSpan.Zero);

    /// <summary>The options, or the exit code to end with (0 after --help, 2 after a bad command line).</summary>
    public static (Options? Options, int ExitCode) Parse(string[] args)
    {
        var root = new RootCommand("quickstart: a TCP echo listener, a ticker, a deadline and a signal handler run as one group")
        {
            ExitAfterOption, ShutdownDelayOption, DrainDelayOption,
        };
        var (result, exitCode) = SampleCommandLine.Parse(root, args, "quickstart");
        return result is null
            ? (null, exitCode)
            : (new Options(
                result.GetValue(ExitAfterOption) is { } after && after != SampleCommandLine.Never ? after : null,
                result.GetValue(ShutdownDelayOption)!.Value,
                result.GetValue(DrainDelayOption)!.Value), 0);
    }
}
