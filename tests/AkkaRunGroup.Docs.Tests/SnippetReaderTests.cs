using Xunit;

namespace AkkaRunGroup.Docs.Tests;

public sealed class SnippetReaderTests
{
    [Fact]
    public void Only_csharp_and_cs_fences_are_read_with_their_fence_line_and_words()
    {
        const string markdown = """
            # Title

            ```csharp
            var a = 1;
            ```

            ```sh
            dotnet run
            ```

            ```cs fragment
            group.AddSignalHandler();
            ```
            """;

        var snippets = SnippetReader.Read(markdown, "doc.md");

        Assert.Collection(
            snippets,
            s => Assert.Equal(("doc.md:3", "var a = 1;", SnippetKind.Console), (s.Name, s.Code, s.Kind)),
            s => Assert.Equal(("doc.md:11", "group.AddSignalHandler();", SnippetKind.Fragment), (s.Name, s.Code, s.Kind)));
    }

    [Fact]
    public void A_csharp_fence_shown_inside_another_fence_is_not_a_block()
    {
        const string markdown = """
            ````markdown
            ```csharp
            not C#
            ```
            ````
            """;

        Assert.Empty(SnippetReader.Read(markdown, "doc.md"));
    }

    [Fact]
    public void A_block_in_a_list_item_loses_the_indentation_of_its_fence()
    {
        const string markdown = """
            - an item:

              ```csharp
              if (true)
              {
                  return;
              }
              ```
            """;

        var snippet = Assert.Single(SnippetReader.Read(markdown, "doc.md"));

        Assert.Equal("if (true)\n{\n    return;\n}", snippet.Code);
    }
}
