using System.Text.RegularExpressions;
using Xunit;

namespace AkkaRunGroup.Docs.Tests;

/// <summary>
/// Every C# block of README.md and docs/*.md compiles, so that a snippet a reader pastes works as written. One test
/// case per block, named <c>file:line</c> of its opening fence. The fence says how the block is compiled:
/// <list type="bullet">
/// <item><c>```csharp</c> (or <c>```cs</c>): a complete file of a project on Microsoft.NET.Sdk (<c>dotnet new console</c>,
/// a test project), with its usings; it compiles with that SDK's implicit usings (<see cref="SnippetPrelude.Console"/>)
/// and nothing else.</item>
/// <item><c>```csharp web</c>: a complete file of a <c>dotnet new web</c> project (<see cref="SnippetPrelude.Web"/>).</item>
/// <item><c>```csharp fragment</c>: code that uses names it does not declare: <c>group</c>, <c>system</c>,
/// <c>builder</c>, <c>stoppingToken</c> and the usings of <see cref="SnippetPrelude.Fragment"/>. Anything else it uses
/// it declares itself, statements first and types after them, as in a Program.cs.</item>
/// <item><c>```csharp no-compile</c>: not compiled, and rare: the text beside the block says why.</item>
/// </list>
/// Any other word after the language fails the block. A block with top-level statements compiles as a program, one
/// that only declares types as a library. The references are this project's (see <see cref="SnippetReferences"/>):
/// a block that needs another package needs it added to this project first.
/// </summary>
public sealed partial class DocumentationSnippetTests
{
    /// <summary>The blocks to compile, by name: all but the no-compile ones.</summary>
    public static TheoryData<string> CompiledBlocks => new(
        Documentation.Snippets.Where(s => s.Attributes is not ["no-compile"]).Select(s => s.Name));

    [Theory]
    [MemberData(nameof(CompiledBlocks))]
    public void The_block_compiles_without_errors_or_warnings(string block)
    {
        var snippet = Documentation.Snippets.Single(s => s.Name == block);

        var diagnostics = SnippetCompiler.Compile(snippet);

        Assert.True(diagnostics.Count == 0, SnippetCompiler.Describe(snippet, diagnostics));
    }

    [Fact]
    public void Every_csharp_fence_of_the_readme_and_the_docs_is_read_as_a_block()
    {
        foreach (var file in Documentation.MarkdownFiles)
        {
            var fences = File.ReadLines(Path.Combine(Documentation.Root, file)).Count(line => CSharpFence().IsMatch(line));
            Assert.Equal(fences, Documentation.Snippets.Count(s => s.File == file));
        }

        Assert.Contains(Documentation.Snippets, s => s.File == "README.md");
        Assert.Contains(Documentation.Snippets, s => s.File.StartsWith("docs/", StringComparison.Ordinal));
        Assert.NotEmpty(CompiledBlocks);
    }

    // Counted apart from SnippetReader, with a plainer rule: a line that opens a fence with the language csharp or cs.
    [GeneratedRegex(@"^\s*```+\s*(csharp|cs)(\s|$)", RegexOptions.IgnoreCase)]
    private static partial Regex CSharpFence();
}
