using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace AkkaRunGroup.Samples.Tests;

/// <summary>
/// The Dockerfiles of the samples, read as text (no image is built here): the build stage copies every file the
/// sample's build reads, following its project references, and the image runs the dll the build publishes.
/// </summary>
public sealed partial class SampleImageTests
{
    [Theory]
    [InlineData("WebService")]
    [InlineData("ClusterService")]
    public void A_samples_image_copies_everything_its_build_reads(string sample)
    {
        var dockerfile = Repository.Read("samples", sample, "Dockerfile");
        var copied = BuildCopy().Matches(dockerfile).SelectMany(m => m.Groups["from"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var missing = copied.Where(path => !Path.Exists(Repository.PathOf(path.TrimEnd('/')))).ToList();
        var uncopied = FilesTheBuildReads(Path.Combine("samples", sample, $"{sample}.csproj"))
            .Where(file => !copied.Any(path => path.EndsWith('/') ? file.StartsWith(path, StringComparison.Ordinal) : file == path))
            .ToList();

        Assert.True(missing.Count == 0, $"samples/{sample}/Dockerfile copies what the repository does not have: {string.Join(", ", missing)}");
        Assert.True(uncopied.Count == 0, $"samples/{sample}/Dockerfile does not copy what its build reads: {string.Join(", ", uncopied)}");
        Assert.Contains($"RUN dotnet publish samples/{sample}/{sample}.csproj ", dockerfile);
        Assert.Contains($"ENTRYPOINT [\"dotnet\", \"{sample}.dll\"]", dockerfile);
    }

    // The repository's build files, then the project and every file it names (compiled, embedded, referenced), recursively.
    private static SortedSet<string> FilesTheBuildReads(string project)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal) { "Directory.Build.props", "Directory.Packages.props" };
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
        {
            if (!files.Add(next))
            {
                continue;
            }

            var folder = Path.GetDirectoryName(next)!;
            foreach (var item in XDocument.Load(Repository.PathOf(next)).Descendants().Where(e => e.Name.LocalName is "ProjectReference" or "Compile" or "EmbeddedResource"))
            {
                var named = Path.GetRelativePath(Repository.Root, Path.GetFullPath(Path.Combine(Repository.Root, folder, item.Attribute("Include")!.Value.Replace('\\', '/'))));
                if (item.Name.LocalName == "ProjectReference")
                {
                    pending.Push(named);
                }
                else
                {
                    files.Add(named);
                }
            }
        }

        return files;
    }

    // "COPY a b c dest" in the build stage; "COPY --from=..." copies from another stage.
    [GeneratedRegex(@"^COPY (?!--)(?<from>.+) \S+$", RegexOptions.Multiline)]
    private static partial Regex BuildCopy();
}
