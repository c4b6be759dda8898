using System.Text.RegularExpressions;

namespace AkkaRunGroup.Docs.Tests;

/// <summary>
/// Finds the C# blocks of a Markdown text: the backtick fences whose info string starts with <c>csharp</c> or
/// <c>cs</c>. A block ends at a line of at least as many backticks and nothing else, or at the end of the text; the
/// other fences are skipped whole, so that a fence shown inside one is not read as a block.
/// </summary>
public static partial class SnippetReader
{
    /// <summary>The C# blocks of <paramref name="markdown"/>, in order.</summary>
    /// <param name="markdown">The Markdown text.</param>
    /// <param name="file">The name the blocks are reported under.</param>
    public static IReadOnlyList<Snippet> Read(string markdown, string file)
    {
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var snippets = new List<Snippet>();
        for (var i = 0; i < lines.Length; i++)
        {
            var open = Opening().Match(lines[i]);
            if (!open.Success)
            {
                continue;
            }

            var indent = open.Groups["indent"].Length;
            var ticks = open.Groups["ticks"].Length;
            var body = new List<string>();
            var end = i + 1;
            for (; end < lines.Length && !IsClosing(lines[end], ticks); end++)
            {
                body.Add(Unindent(lines[end], indent));
            }

            var info = open.Groups["info"].Value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (info.Length > 0 && IsCSharp(info[0]))
            {
                snippets.Add(new Snippet(file, i + 1, info[1..], string.Join('\n', body)));
            }

            i = end;
        }

        return snippets;
    }

    /// <summary>Whether an info string's language is C#, as GitHub reads it: <c>csharp</c> or <c>cs</c>, any case.</summary>
    public static bool IsCSharp(string language) =>
        language.Equals("csharp", StringComparison.OrdinalIgnoreCase) || language.Equals("cs", StringComparison.OrdinalIgnoreCase);

    private static bool IsClosing(string line, int ticks)
    {
        var trimmed = line.Trim();
        return trimmed.Length >= ticks && trimmed.All(c => c == '`');
    }

    // A block inside a list item is indented like its fence: that much leading space is the list's, not the code's.
    private static string Unindent(string line, int indent)
    {
        var spaces = 0;
        while (spaces < indent && spaces < line.Length && line[spaces] == ' ')
        {
            spaces++;
        }

        return line[spaces..];
    }

    [GeneratedRegex("^(?<indent> *)(?<ticks>`{3,})(?<info>[^`]*)$")]
    private static partial Regex Opening();
}
