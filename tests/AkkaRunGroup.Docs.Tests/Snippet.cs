namespace AkkaRunGroup.Docs.Tests;

/// <summary>A fenced C# block of a Markdown file: where it is, what its fence says, and its code.</summary>
/// <param name="File">The Markdown file, as the test names it (relative to the repository root, '/'-separated).</param>
/// <param name="FenceLine">The 1-based line of the opening fence; the code starts on the next line.</param>
/// <param name="Attributes">The words of the fence's info string after the language.</param>
/// <param name="Code">The lines between the fences, the opening fence's indentation removed.</param>
public sealed record Snippet(string File, int FenceLine, IReadOnlyList<string> Attributes, string Code)
{
    /// <summary>The block's name in test results and failures: <c>file:line</c> of its opening fence.</summary>
    public string Name => $"{File}:{FenceLine}";

    /// <summary>How the block is compiled, read from <see cref="Attributes"/>.</summary>
    /// <exception cref="FormatException">An attribute is unknown, or two are given.</exception>
    public SnippetKind Kind => Attributes switch
    {
        [] => SnippetKind.Console,
        ["web"] => SnippetKind.Web,
        ["fragment"] => SnippetKind.Fragment,
        ["no-compile"] => SnippetKind.NoCompile,
        _ => throw new FormatException(
            $"{Name}: the fence says '{string.Join(' ', Attributes)}' after the language; it takes nothing, or one of: web, fragment, no-compile"),
    };
}
