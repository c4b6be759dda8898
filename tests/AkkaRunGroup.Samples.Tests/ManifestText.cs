using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AkkaRunGroup.Samples;

namespace AkkaRunGroup.Samples.Tests;

/// <summary>
/// A Kubernetes manifest, or the YAML block of a doc, read as text one key at a time: enough to compare its numbers
/// with a sample's settings without a YAML parser. Every lookup fails the test, naming the key and
/// <see cref="Source"/>, when the key is not there.
/// </summary>
internal sealed partial class ManifestText(string text, string source)
{
    /// <summary>The YAML.</summary>
    public string Text => text;

    /// <summary>Where the text comes from, for failure messages.</summary>
    public string Source => source;

    /// <summary>Reads the file at a path from the repository's root.</summary>
    public static ManifestText Read(params string[] parts) => new(Repository.Read(parts), string.Join('/', parts));

    /// <summary>The first <c>```yaml</c> block of <paramref name="markdown"/> after the line <paramref name="heading"/>.</summary>
    public static ManifestText YamlBlockOf(string markdown, string heading, string source)
    {
        var from = markdown.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        Assert.True(from >= 0, $"'{heading}' is not in {source}");
        var block = YamlBlock().Match(markdown, from);
        Assert.True(block.Success, $"no ```yaml block after '{heading}' in {source}");
        return new ManifestText(block.Groups["yaml"].Value, $"{source}, under '{heading}'");
    }

    /// <summary>The value of the first <c>key: value</c> (or <c>key: "value"</c>) after the text <paramref name="after"/>, if given.</summary>
    public string Value(string key, string? after = null)
    {
        var from = after is null ? 0 : text.IndexOf(after, StringComparison.Ordinal);
        Assert.True(from >= 0, $"'{after}' is not in {source}");
        var match = new Regex($@"(^|[\s{{]){Regex.Escape(key)}:\s+""?(?<value>[^\s"",}}]+)", RegexOptions.Multiline).Match(text, from);
        Assert.True(match.Success, $"'{key}' is not in {source}{(after is null ? "" : $" after '{after}'")}");
        return match.Groups["value"].Value;
    }

    /// <summary>The whole number of <see cref="Value"/>.</summary>
    public int Number(string key, string? after = null) => int.Parse(Value(key, after), CultureInfo.InvariantCulture);

    /// <summary>The lines of <c>key:</c>'s block: the key's line and every line indented deeper than it.</summary>
    public ManifestText Block(string key)
    {
        var lines = text.Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimStart().StartsWith(key + ":", StringComparison.Ordinal));
        Assert.True(start >= 0, $"'{key}:' is not in {source}");
        var indent = lines[start].Length - lines[start].TrimStart().Length;
        var block = lines.Skip(start + 1).TakeWhile(l => l.Trim().Length == 0 || l.TrimStart().StartsWith('#') || l.Length - l.TrimStart().Length > indent);
        return new ManifestText(string.Join('\n', block.Prepend(lines[start])), $"{source}, {key}");
    }

    /// <summary>The container's args, in a list (<c>- "--flag"</c> lines) or inline (<c>args: ["--flag", "value"]</c>).</summary>
    public IReadOnlyList<string> Args()
    {
        var block = Block("args").Text.Split('\n');
        var inline = block[0][(block[0].IndexOf("args:", StringComparison.Ordinal) + "args:".Length)..].Trim();
        return inline.StartsWith('[')
            ? JsonSerializer.Deserialize<string[]>(inline)!
            : [.. block.Skip(1).Select(l => l.Trim()).Where(l => l.StartsWith('-')).Select(l => l.TrimStart('-', ' ').Trim('"'))];
    }

    /// <summary>The value the args give <paramref name="flag"/>, or null when they do not name it.</summary>
    public string? Arg(string flag)
    {
        var args = Args();
        var at = args.ToList().IndexOf(flag);
        Assert.True(at < args.Count - 1, $"{flag} has no value in the args of {source}");
        return at < 0 ? null : args[at + 1];
    }

    /// <summary>The drain the args pass (<c>--drain-delay 5s</c>), read as the samples read it; null when they pass none.</summary>
    public TimeSpan? DrainDelay()
    {
        if (Arg("--drain-delay") is not { } drain)
        {
            return null;
        }

        Assert.True(SampleCommandLine.TryParseDuration(drain, out var value), $"--drain-delay {drain} in {source} is not a duration");
        return value;
    }

    [GeneratedRegex(@"```yaml\n(?<yaml>.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
