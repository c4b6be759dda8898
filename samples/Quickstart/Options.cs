namespace Quickstart;

/// <summary>
/// The sample's command line: <c>--exit-after &lt;duration|never&gt;</c>, <c>--shutdown-delay &lt;duration&gt;</c> and
/// <c>--drain-delay &lt;duration&gt;</c>.
/// </summary>
internal sealed record Options(TimeSpan? ExitAfter, TimeSpan ShutdownDelay, TimeSpan DrainDelay)
{
    private static readonly TimeSpan DefaultExitAfter = TimeSpan.FromSeconds(10);

    public static Options Parse(string[] args)
    {
        TimeSpan? exitAfter = DefaultExitAfter;
        var shutdownDelay = TimeSpan.Zero;
        var drainDelay = TimeSpan.Zero;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--exit-after":
                    exitAfter = value is "never" ? null : ParseDuration(value);
                    i++;
                    break;
                case "--shutdown-delay":
                    shutdownDelay = ParseDuration(value);
                    i++;
                    break;
                case "--drain-delay":
                    drainDelay = value is "0" or "0s" ? TimeSpan.Zero : ParseDuration(value);
                    i++;
                    break;
                default:
                    throw new ArgumentException(
                        $"unknown option {args[i]}; use --exit-after <duration|never>, --shutdown-delay <duration> or --drain-delay <duration>");
            }
        }

        return new Options(exitAfter, shutdownDelay, drainDelay);
    }

    /// <summary>Reads <c>250ms</c>, <c>3s</c>, <c>2m</c>, <c>1h</c> or a plain number of seconds.</summary>
    private static TimeSpan ParseDuration(string text)
    {
        var (number, unit) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 1e-3),
            _ when text.EndsWith('s') => (text[..^1], 1.0),
            _ when text.EndsWith('m') => (text[..^1], 60.0),
            _ when text.EndsWith('h') => (text[..^1], 3600.0),
            _ => (text, 1.0),
        };
        return double.TryParse(number, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0
            ? TimeSpan.FromSeconds(n * unit)
            : throw new ArgumentException($"'{text}' is not a duration such as 500ms, 3s or 2m");
    }
}
