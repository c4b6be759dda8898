namespace AkkaRunGroup.Samples.Tests;

/// <summary>The files of this repository, found from the tests' output folder upwards (the folder of AkkaRunGroup.sln).</summary>
internal static class Repository
{
    /// <summary>The repository's root folder.</summary>
    public static readonly string Root = FindRoot();

    /// <summary>The full path of a file, given by its path from the root, one part at a time.</summary>
    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The text of a file, given by its path from the root, one part at a time.</summary>
    public static string Read(params string[] parts) => File.ReadAllText(PathOf(parts)).ReplaceLineEndings("\n");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AkkaRunGroup.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return directory.FullName;
    }
}
