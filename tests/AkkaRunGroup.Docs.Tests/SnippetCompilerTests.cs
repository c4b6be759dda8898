using Xunit;

namespace AkkaRunGroup.Docs.Tests;

/// <summary>The checker itself: it fails on what a reader could not compile, so the documentation test cannot pass for nothing.</summary>
public sealed class SnippetCompilerTests
{
    [Fact]
    public void A_misspelled_member_fails_with_its_id_its_markdown_line_and_its_code()
    {
        var snippet = Single("""
            Some text.

            ```csharp
            using AkkaRunGroup;

            var group = new RunGroup("api").AddSignalHandlr();
            await group.RunAsync();
            ```
            """);

        var diagnostics = SnippetCompiler.Compile(snippet);

        var error = Assert.Single(diagnostics);
        Assert.Equal("CS1061", error.Id);
        Assert.Contains("AddSignalHandlr", error.GetMessage());
        Assert.Contains(
            "doc.md:6 (line 3 of the block): error CS1061: 'RunGroup' does not contain a definition for 'AddSignalHandlr'",
            SnippetCompiler.Describe(snippet, diagnostics));
    }

    [Fact]
    public void A_fragment_uses_the_scope_that_a_complete_block_must_declare()
    {
        const string code = "group.AddCancellation(stoppingToken, \"shutdown\");\nawait group.RunAsync(system);";

        Assert.Empty(SnippetCompiler.Compile(new Snippet("doc.md", 1, ["fragment"], code)));
        Assert.Contains(SnippetCompiler.Compile(new Snippet("doc.md", 1, [], code)), d => d.Id == "CS0103");
    }

    [Fact]
    public void A_fragment_may_declare_a_scope_name_and_types_of_its_own()
    {
        const string code = """
            var group = new RunGroup("api").AddActor(Props.Create<Worker>(), "worker");

            sealed class Worker : ReceiveActor;
            """;

        Assert.Empty(SnippetCompiler.Compile(new Snippet("doc.md", 1, ["fragment"], code)));
    }

    [Fact]
    public void A_web_block_has_the_usings_of_a_web_project_and_a_console_block_has_not()
    {
        const string code = "var app = WebApplication.CreateBuilder(args).Build();\napp.MapGet(\"/\", () => \"hello\");\napp.Run();";

        Assert.Empty(SnippetCompiler.Compile(new Snippet("doc.md", 1, ["web"], code)));
        Assert.Contains(SnippetCompiler.Compile(new Snippet("doc.md", 1, [], code)), d => d.Id == "CS0103");
    }

    [Fact]
    public void A_block_that_only_declares_types_compiles_as_a_library()
    {
        const string code = "namespace Shop;\n\npublic sealed record Order(int Id);";

        Assert.Empty(SnippetCompiler.Compile(new Snippet("doc.md", 1, [], code)));
    }

    [Fact]
    public void A_warning_fails_a_block_as_it_fails_this_repository_build()
    {
        const string code = "string text = null;\nConsole.WriteLine(text);";

        Assert.Contains(SnippetCompiler.Compile(new Snippet("doc.md", 1, [], code)), d => d.Id == "CS8600");
    }

    [Fact]
    public void An_unknown_fence_word_fails_the_block_and_names_it()
    {
        var snippet = Single("```csharp fragmnet\ngroup.AddSignalHandler();\n```");

        var error = Assert.Throws<FormatException>(() => SnippetCompiler.Compile(snippet));

        Assert.StartsWith("doc.md:1: the fence says 'fragmnet'", error.Message);
    }

    private static Snippet Single(string markdown) => Assert.Single(SnippetReader.Read(markdown, "doc.md"));
}
