using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AkkaRunGroup.Samples;

/// <summary>
/// The one command-line convention of every sample (System.CommandLine): <c>--help</c> prints the usage and exits 0; a
/// bad flag or value prints one line on stderr, naming it, and exits 2, before anything starts; durations are written
/// the same way everywhere (<see cref="TryParseDuration"/>). Compiled into each sample.
/// </summary>
internal static partial class SampleCommandLine
{
    /// <summary>Read from a duration option for <c>never</c>.</summary>
    public static readonly TimeSpan Never = Timeout.InfiniteTimeSpan;

    /// <summary>The exit code of a bad command line.</summary>
    public const int UsageError = 2;

    /// <summary>The format of a duration, for help texts.</summary>
    public const string DurationFormat = "500ms, 3s, 2m or 1h";

    /// <summary>
    /// Parses <paramref name="args"/> with <paramref name="root"/>: the result, or the exit code to end with (0 after
    /// <c>--help</c>, <see cref="UsageError"/> after an error, whose one line names <paramref name="program"/>).
    /// </summary>
    public static (ParseResult? Result, int ExitCode) Parse(RootCommand root, string[] args, string program)
    {
        var result = root.Parse(args);
        if (result.Action is HelpAction)
        {
            return (null, result.Invoke());
        }

        if (result.Errors.Count == 0)
        {
            return (result, 0);
        }

        // One line, whatever went wrong: an operator or a harness reads the first line of stderr.
        var errors = result.Errors.Select(e => Whitespace().Replace(e.Message, " ").Trim().TrimEnd('.'));
        Console.Error.WriteLine($"{program}: {string.Join("; ", errors)}; see --help");
        return (null, UsageError);
    }

    /// <summary>
    /// A duration option: <c>500ms</c>, <c>3s</c>, <c>2m</c>, <c>1h</c> (a number, with a fraction if you like, then its
    /// unit), zero included; <paramref name="never"/> adds the word <c>never</c>, read as <see cref="Timeout.InfiniteTimeSpan"/>
    /// (a parser of System.CommandLine may not return null).
    /// </summary>
    public static Option<TimeSpan?> Duration(string name, string description, TimeSpan? defaultValue, bool never = false) => new(name)
    {
        Description = $"{description} ({DurationFormat}{(never ? ", or never" : "")})",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens[0].Value;
            if (never && text == "never")
            {
                return Timeout.InfiniteTimeSpan;
            }

            if (TryParseDuration(text, out var value))
            {
                return value;
            }

            result.AddError($"{((OptionResult)result.Parent!).Option.Name}: '{text}' is not a duration such as {DurationFormat}{(never ? " (or never)" : "")}");
            return TimeSpan.Zero;
        },
    };

    /// <summary>Reads a duration written as <see cref="DurationFormat"/> says: a non-negative number and its unit.</summary>
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        var match = DurationPattern().Match(text);
        if (!match.Success)
        {
            value = default;
            return false;
        }

        var number = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        value = match.Groups["unit"].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(number),
            "s" => TimeSpan.FromSeconds(number),
            "m" => TimeSpan.FromMinutes(number),
            _ => TimeSpan.FromHours(number),
        };
        return true;
    }

    /// <summary>An option of ASP.NET Core URLs, ';'-separated, each an absolute http:// or https:// URL.</summary>
    public static Option<string?> Urls(string description) => new("--urls")
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens[0].Value;
            foreach (var url in text.Split(';', StringSplitOptions.TrimEntries))
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Port < 0)
                {
                    result.AddError($"--urls: '{url}' is not an http:// or https:// URL such as http://127.0.0.1:5080");
                    return "";
                }
            }

            return text;
        },
    };

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)(?<unit>ms|s|m|h)$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
