using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AkkaRunGroup.Samples.Tests;

/// <summary>
/// samples/ClusterService's Kubernetes manifests agree with its shutdown budget (appsettings.json, "Shutdown") and its
/// endpoints: Kubernetes waits longer than the host, the host longer than every step of the stop, and the probes ask
/// the paths and ports the service serves. Numbers are read from the YAML text, one key at a time.
/// </summary>
public sealed partial class ClusterServiceManifestTests
{
    private static readonly string Sample = Path.Combine(RepositoryRoot(), "samples", "ClusterService");
    private static readonly string Deployment = File.ReadAllText(Path.Combine(Sample, "deploy", "k8s", "deployment.yaml"));
    private static readonly string Services = File.ReadAllText(Path.Combine(Sample, "deploy", "k8s", "services.yaml"));
    private static readonly JsonElement Budget = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(Sample, "appsettings.json")),
        new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }).RootElement.GetProperty("Shutdown");

    [Fact]
    public void The_grace_period_exceeds_the_hosts_shutdown_timeout_which_covers_the_drain_the_interrupt_and_the_leave()
    {
        var grace = TimeSpan.FromSeconds(Number(Deployment, "terminationGracePeriodSeconds"));
        var host = Budgeted("HostShutdownTimeout");
        var drain = ManifestDrain();
        var leave = Budgeted("ShardHandOff") + Budgeted("ClusterLeave") + Budgeted("ClusterExiting") + Budgeted("ClusterExitingDone") + Budgeted("ClusterShutdown");

        Assert.True(grace > host, $"terminationGracePeriodSeconds ({grace.TotalSeconds} s) must exceed Shutdown:HostShutdownTimeout ({host.TotalSeconds} s)");
        Assert.True(
            host >= drain + Budgeted("InterruptTimeout") + leave,
            $"Shutdown:HostShutdownTimeout ({host.TotalSeconds} s) must cover the manifest's drain ({drain.TotalSeconds} s), " +
            $"Shutdown:InterruptTimeout ({Budgeted("InterruptTimeout").TotalSeconds} s) and the hand-off and leave ({leave.TotalSeconds} s)");
    }

    [Fact]
    public void The_readiness_probe_notices_the_drain_before_it_ends()
    {
        var probe = Block(Deployment, "readinessProbe");
        var noticed = TimeSpan.FromSeconds(Number(probe, "periodSeconds") * Number(probe, "failureThreshold"));

        Assert.True(noticed < ManifestDrain(), $"the readiness probe takes up to {noticed.TotalSeconds} s to see a 503; the drain is {ManifestDrain().TotalSeconds} s");
    }

    [Fact]
    public void The_probes_ask_the_services_health_endpoints_on_its_HTTP_port()
    {
        var program = File.ReadAllText(Path.Combine(Sample, "Program.cs"));
        var readyPath = MappedHealthCheck().Matches(program).Single(m => m.Groups["tag"].Value == "ready").Groups["path"].Value;
        var livePath = MappedHealthCheck().Matches(program).Single(m => m.Groups["tag"].Value == "liveness").Groups["path"].Value;
        var httpPort = Number(Block(Deployment, "env"), "value", after: "ASPNETCORE_HTTP_PORTS");

        Assert.Equal(readyPath, Value(Block(Deployment, "readinessProbe"), "path"));
        Assert.Equal(livePath, Value(Block(Deployment, "livenessProbe"), "path"));
        Assert.Equal(httpPort, Number(Block(Deployment, "readinessProbe"), "port"));
        Assert.Equal(httpPort, Number(Block(Deployment, "livenessProbe"), "port"));
        Assert.Equal(httpPort, Number(Block(Deployment, "ports"), "containerPort", after: "name: http"));
    }

    [Fact]
    public void Bootstrap_finds_the_management_port_the_node_listens_on()
    {
        var managementPort = Number(Args(), "--management-port");

        Assert.Equal(managementPort, Number(Block(Deployment, "ports"), "containerPort", after: "name: management"));
        Assert.Equal(managementPort, Number(Services, "port", after: "name: management"));
        Assert.Equal("management", Value(Services, "targetPort", after: "name: management"));
        Assert.Contains("--bootstrap", Args());
        Assert.Equal("kubernetes", Value(Args(), "--discovery"));
    }

    // The drain the manifest passes (500ms, 5s, 1m), else the budget's default.
    private static TimeSpan ManifestDrain()
    {
        if (!Args().Contains("--drain-delay", StringComparison.Ordinal))
        {
            return Budgeted("DrainDelay");
        }

        var drain = Duration().Match(Value(Args(), "--drain-delay"));
        Assert.True(drain.Success, $"--drain-delay {Value(Args(), "--drain-delay")} is not a duration");
        var number = double.Parse(drain.Groups["n"].Value, CultureInfo.InvariantCulture);
        return drain.Groups["unit"].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(number),
            "m" => TimeSpan.FromMinutes(number),
            _ => TimeSpan.FromSeconds(number),
        };
    }

    // The container's args as one line of words: "--drain-delay 5s --port 4053 ...".
    private static string Args() => string.Join(' ', Block(Deployment, "args").Split('\n').Skip(1)
        .Select(l => l.Trim()).Where(l => l.StartsWith('-')).Select(l => l.TrimStart('-', ' ').Trim('"')));

    private static TimeSpan Budgeted(string key) => TimeSpan.Parse(Budget.GetProperty(key).GetString()!, CultureInfo.InvariantCulture);

    private static int Number(string text, string key, string? after = null) =>
        int.Parse(Value(text, key, after), CultureInfo.InvariantCulture);

    // The value of the first "key: value" (or "key value" in the args line) after the text `after`, if given.
    private static string Value(string text, string key, string? after = null)
    {
        var from = after is null ? 0 : text.IndexOf(after, StringComparison.Ordinal);
        Assert.True(from >= 0, $"'{after}' is not in the manifest");
        var match = new Regex($@"(^|\s){Regex.Escape(key)}:?\s+""?(?<value>[^\s""]+)", RegexOptions.Multiline).Match(text, from);
        Assert.True(match.Success, $"'{key}' is not in the manifest{(after is null ? "" : $" after '{after}'")}");
        return match.Groups["value"].Value;
    }

    // The lines of `key:`'s block: the key's line and every line indented deeper than it.
    private static string Block(string yaml, string key)
    {
        var lines = yaml.Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimStart().StartsWith(key + ":", StringComparison.Ordinal));
        Assert.True(start >= 0, $"'{key}:' is not in the manifest");
        var indent = lines[start].Length - lines[start].TrimStart().Length;
        var block = lines.Skip(start + 1).TakeWhile(l => l.Trim().Length == 0 || l.TrimStart().StartsWith('#') || l.Length - l.TrimStart().Length > indent);
        return string.Join('\n', block.Prepend(lines[start]));
    }

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

    [GeneratedRegex(@"MapHealthChecks\(""(?<path>[^""]+)"",\s*WebSample\.HealthChecksTagged\(""(?<tag>\w+)""\)\)")]
    private static partial Regex MappedHealthCheck();

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)(?<unit>ms|s|m)$")]
    private static partial Regex Duration();
}
