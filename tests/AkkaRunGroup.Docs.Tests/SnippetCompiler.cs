using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AkkaRunGroup.Docs.Tests;

/// <summary>
/// Compiles one block on its own, as the C# compiler of this repository's build would: C# latest, nullable enabled,
/// every warning level, warnings reported beside errors (the build treats them as errors). The block is one file, its
/// <see cref="SnippetPrelude"/> another. A block with top-level statements compiles as a program, one that only
/// declares types as a library.
/// </summary>
public static class SnippetCompiler
{
    private static readonly CSharpParseOptions Parse = new(LanguageVersion.Latest);

    /// <summary>The errors and warnings of <paramref name="snippet"/>; none when it compiles cleanly.</summary>
    /// <exception cref="FormatException">The block's fence is malformed (see <see cref="Snippet.Kind"/>).</exception>
    public static IReadOnlyList<Diagnostic> Compile(Snippet snippet)
    {
        var code = CSharpSyntaxTree.ParseText(snippet.Code, Parse, path: snippet.File);
        var prelude = CSharpSyntaxTree.ParseText(SnippetPrelude.For(snippet.Kind), Parse, path: "prelude.cs");
        var program = code.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();
        var options = new CSharpCompilationOptions(
                program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                warningLevel: 9999)
            // The SDK's own NoWarn: binding a library's older reference to the version at hand is not the block's doing.
            .WithSpecificDiagnosticOptions([
                KeyValuePair.Create("CS1701", ReportDiagnostic.Suppress),
                KeyValuePair.Create("CS1702", ReportDiagnostic.Suppress),
            ])
            .WithAssemblyIdentityComparer(DesktopAssemblyIdentityComparer.Default);
        var compilation = CSharpCompilation.Create("Snippet", [prelude, code], SnippetReferences.All, options);
        return compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && !d.IsSuppressed)
            .ToList();
    }

    /// <summary>
    /// A failure message: the block, then each diagnostic with its Markdown line, its line within the block, its id and
    /// message, and the code of that line.
    /// </summary>
    public static string Describe(Snippet snippet, IReadOnlyList<Diagnostic> diagnostics)
    {
        var lines = snippet.Code.Split('\n');
        var text = new StringBuilder($"{snippet.Name} (```csharp{string.Concat(snippet.Attributes.Select(a => " " + a))}) does not compile cleanly:");
        foreach (var diagnostic in diagnostics)
        {
            var span = diagnostic.Location.GetLineSpan();
            var severity = diagnostic.Severity.ToString().ToLowerInvariant();
            if (!diagnostic.Location.IsInSource)
            {
                text.Append($"\n  {severity} {diagnostic.Id}: {diagnostic.GetMessage()}");
                continue;
            }

            if (span.Path != snippet.File)
            {
                text.Append($"\n  {span.Path}:{span.StartLinePosition.Line + 1}: {severity} {diagnostic.Id}: {diagnostic.GetMessage()}");
                continue;
            }

            var line = span.StartLinePosition.Line;
            text.Append($"\n  {snippet.File}:{snippet.FenceLine + 1 + line} (line {line + 1} of the block): {severity} {diagnostic.Id}: {diagnostic.GetMessage()}");
            if (line < lines.Length)
            {
                text.Append($"\n      {lines[line].Trim()}");
            }
        }

        return text.ToString();
    }
}
