using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace AkkaRunGroup.ApiApproval.Tests;

/// <summary>
/// What a package shows on a feed, checked where it can go wrong without anyone packing: the package settings in
/// Directory.Build.props, the README each package carries (nuget.org shows it, and resolves no relative link), and the
/// changelog its release notes point to. Reads files only; nothing is built or packed.
/// </summary>
public sealed partial class PackagingTests
{
    private static readonly string Root = RepositoryRoot();
    private static readonly XDocument Props = XDocument.Load(Path.Combine(Root, "Directory.Build.props"));
    private static readonly string RepositoryUrl = Property("AkkaRunGroupRepositoryUrl");

    /// <summary>Every project under src/, by name: each is a package.</summary>
    public static TheoryData<string> Packages => new(
        Directory.GetFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories).Select(file => Path.GetFileNameWithoutExtension(file)).Order());

    [Fact]
    public void Directory_Build_props_gives_every_package_the_repository_and_project_url_and_a_snupkg()
    {
        Assert.Matches(@"^https://github\.com/[^/\s]+/[^/\s]+$", RepositoryUrl);
        Assert.Equal("$(AkkaRunGroupRepositoryUrl)", Property("RepositoryUrl"));
        Assert.Equal("$(AkkaRunGroupRepositoryUrl)", Property("PackageProjectUrl"));
        Assert.Contains("$(AkkaRunGroupRepositoryUrl)/blob/main/CHANGELOG.md", Property("PackageReleaseNotes"));
        Assert.Equal("true", Property("PublishRepositoryUrl"));
        Assert.Equal("true", Property("IncludeSymbols"));
        Assert.Equal("snupkg", Property("SymbolPackageFormat"));
        Assert.Equal("true", Property("Deterministic"));
        Assert.Equal("README.md", Property("PackageReadmeFile"));
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void A_package_takes_its_settings_from_Directory_Build_props_alone(string package)
    {
        var project = XDocument.Load(ProjectFile(package));
        string[] shared = ["RepositoryUrl", "PackageProjectUrl", "PackageReleaseNotes", "PublishRepositoryUrl", "IncludeSymbols", "SymbolPackageFormat", "PackageReadmeFile", "Version", "VersionPrefix"];

        Assert.Empty(project.Descendants().Where(e => shared.Contains(e.Name.LocalName)).Select(e => e.Name.LocalName));
        Assert.Empty(project.Descendants().Where(e => e.Name.LocalName is "None" or "Content" && e.Attribute("Pack") is not null).Select(e => e.ToString()));
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void A_package_packs_its_own_README_not_the_repositorys(string package)
    {
        var packed = Props.Descendants("None").Where(e => (string?)e.Attribute("Pack") == "true").ToList();
        var readme = Path.Combine(Path.GetDirectoryName(ProjectFile(package))!, "README.md");

        Assert.Equal("README.md", (string?)Assert.Single(packed).Attribute("Include")); // relative to each project's folder
        Assert.True(File.Exists(readme), $"{package} has no README.md beside its csproj");
        Assert.StartsWith($"# {package}\n", File.ReadAllText(readme).ReplaceLineEndings("\n"));
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void A_package_README_links_only_to_absolute_https_URLs(string package)
    {
        var relative = Links(package).Where(link => !link.StartsWith("https://", StringComparison.Ordinal)).ToList();

        Assert.True(relative.Count == 0, $"{package}'s README has links a feed cannot resolve: {string.Join(", ", relative)}");
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void A_package_README_links_into_the_repository_at_files_and_headings_that_exist(string package)
    {
        var broken = new List<string>();
        foreach (var link in Links(package).Where(l => l.Contains("github.com/akkarungroup/", StringComparison.OrdinalIgnoreCase)))
        {
            if (!link.StartsWith(RepositoryUrl, StringComparison.Ordinal))
            {
                broken.Add($"{link} (not under AkkaRunGroupRepositoryUrl, {RepositoryUrl})");
                continue;
            }

            var rest = link[RepositoryUrl.Length..];
            if (rest is "" or "#readme")
            {
                continue;
            }

            var blob = BlobOnMain().Match(rest);
            if (!blob.Success)
            {
                broken.Add($"{link} (not a file on main)");
                continue;
            }

            var file = Path.Combine(Root, blob.Groups["path"].Value);
            var anchor = blob.Groups["anchor"].Value;
            if (!File.Exists(file))
            {
                broken.Add($"{link} (no such file)");
            }
            else if (anchor.Length > 0 && !Headings(file).Contains(anchor))
            {
                broken.Add($"{link} (no such heading)");
            }
        }

        Assert.True(broken.Count == 0, $"{package}'s README has broken links: {string.Join("; ", broken)}");
    }

    [Fact]
    public void The_changelog_has_a_section_for_the_version_being_packed()
    {
        var changelog = File.ReadAllText(Path.Combine(Root, "CHANGELOG.md"));

        Assert.Contains($"\n## [{Property("VersionPrefix")}]", changelog.ReplaceLineEndings("\n"));
    }

    private static string Property(string name) => Assert.Single(Props.Descendants(name)).Value;

    private static string ProjectFile(string package) => Path.Combine(Root, "src", package, $"{package}.csproj");

    // Inline links and images, [text](target) and ![alt](target), and reference definitions, [label]: target.
    private static List<string> Links(string package)
    {
        var text = File.ReadAllText(Path.Combine(Root, "src", package, "README.md"));
        var code = FencedCode().Replace(text, "");
        return [.. InlineLink().Matches(code).Concat(ReferenceLink().Matches(code)).Select(m => m.Groups["target"].Value)];
    }

    // GitHub's anchors of a markdown file's headings: lower case, punctuation dropped, spaces as hyphens.
    private static HashSet<string> Headings(string file) =>
        [.. File.ReadLines(file).Where(l => l.StartsWith('#')).Select(l => Slug().Replace(l.TrimStart('#').Trim().ToLowerInvariant(), "").Replace(' ', '-'))];

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AkkaRunGroup.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return directory.FullName;
    }

    [GeneratedRegex(@"^/blob/main/(?<path>[^#?]+)(#(?<anchor>.+))?$")]
    private static partial Regex BlobOnMain();

    [GeneratedRegex(@"^```.*?^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedCode();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^\s*\[[^\]]+\]:\s*(?<target>\S+)", RegexOptions.Multiline)]
    private static partial Regex ReferenceLink();

    [GeneratedRegex(@"[^\p{L}\p{Nd}\s_-]")]
    private static partial Regex Slug();
}
