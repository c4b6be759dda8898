namespace AkkaRunGroup.Docs.Tests;

/// <summary>The repository's documentation: README.md, every docs/*.md and each package's README, and the C# blocks they hold.</summary>
public static class Documentation
{
    /// <summary>The repository root: the nearest folder above the test's output that holds AkkaRunGroup.sln.</summary>
    /// <exception cref="DirectoryNotFoundException">The test runs outside a clone of the repository.</exception>
    public static string Root { get; } = FindRoot();

    /// <summary>README.md, docs/*.md and src/*/README.md, relative to <see cref="Root"/>, '/'-separated, in order.</summary>
    public static IReadOnlyList<string> MarkdownFiles { get; } =
    [
        "README.md",
        .. Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Select(path => "docs/" + Path.GetFileName(path)).Order(StringComparer.Ordinal),
        .. Directory.GetDirectories(Path.Combine(Root, "src"))
            .Where(folder => File.Exists(Path.Combine(folder, "README.md")))
            .Select(folder => "src/" + Path.GetFileName(folder) + "/README.md")
            .Order(StringComparer.Ordinal),
    ];

    private static readonly Lazy<IReadOnlyList<Snippet>> Read = new(() =>
        MarkdownFiles.SelectMany(file => SnippetReader.Read(File.ReadAllText(Path.Combine(Root, file)), file)).ToList());

    /// <summary>Every C# block of <see cref="MarkdownFiles"/>, in file order.</summary>
    public static IReadOnlyList<Snippet> Snippets => Read.Value;

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "AkkaRunGroup.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no folder above {AppContext.BaseDirectory} holds AkkaRunGroup.sln");
    }
}
