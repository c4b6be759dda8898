using System.Text.Json;
using System.Text.RegularExpressions;

namespace AkkaRunGroup.Tests.Shared;

/// <summary>
/// The Prometheus names that the alert rules (<c>docs/alerts/akka-run-group.rules.yml</c>) and the Grafana dashboard
/// (<c>docs/grafana/akka-run-group.json</c>) query, read from their expressions: a name followed by a selector
/// (<c>{</c>) or a range (<c>[</c>) is a metric, any other is a label.
/// </summary>
internal static partial class OperatorDocs
{
    public static string RulesFile => Path.Combine(RepositoryRoot(), "docs", "alerts", "akka-run-group.rules.yml");

    public static string DashboardFile => Path.Combine(RepositoryRoot(), "docs", "grafana", "akka-run-group.json");

    /// <summary>Every expression: each rule's <c>expr:</c>, each panel target's and each template variable's query.</summary>
    public static IReadOnlyList<string> Expressions()
    {
        var rules = File.ReadAllLines(RulesFile)
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("expr:", StringComparison.Ordinal))
            .Select(l => l["expr:".Length..].Trim());
        using var dashboard = JsonDocument.Parse(File.ReadAllText(DashboardFile));
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!);
        var variables = dashboard.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Where(v => v.TryGetProperty("definition", out _))
            .Select(v => v.GetProperty("definition").GetString()!);
        return [.. rules, .. panels, .. variables];
    }

    /// <summary>The metric names the expressions query, such as <c>akka_run_group_member_running</c>.</summary>
    public static IReadOnlySet<string> MetricNames() =>
        Expressions().SelectMany(e => Name().Matches(e)).Where(m => m.Groups["next"].Value is "{" or "[").Select(m => m.Groups["name"].Value).ToHashSet();

    /// <summary>The labels of the library that the expressions use, such as <c>akka_run_group_name</c> (not Prometheus' own, such as <c>job</c>).</summary>
    public static IReadOnlySet<string> LabelNames()
    {
        var metrics = MetricNames();
        return Expressions().SelectMany(e => Label().Matches(e)).Select(m => m.Groups["label"].Value).Where(l => !metrics.Contains(l)).ToHashSet();
    }

    /// <summary>The metric families of a Prometheus text exposition: the name at the start of each sample line.</summary>
    public static IReadOnlySet<string> Exposed(string exposition) =>
        exposition.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l[..l.IndexOfAny(['{', ' '])]).ToHashSet();

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AkkaRunGroup.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"no AkkaRunGroup.sln above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"(?<name>akka_run_group_[a-z_]+)\s*(?<next>.)")]
    private static partial Regex Name();

    [GeneratedRegex(@"(?<label>akka_run_group_[a-z_]+|error_type)\s*(=~|!=|=|,|\))")]
    private static partial Regex Label();
}
