using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace AkkaRunGroup.Samples.Tests;

/// <summary>
/// samples/WebService's shutdown numbers agree wherever they are stated: its settings (appsettings.json, "Shutdown"),
/// which the sample reads; its Kubernetes manifest; and docs/operations.md, whose pod spec, table and timeline state
/// them. Kubernetes must wait longer than the host: the grace period is strictly longer than
/// <c>HostOptions.ShutdownTimeout</c>, the drain plus the interrupt timeout.
/// </summary>
public sealed partial class WebServiceShutdownTests(ITestOutputHelper output)
{
    private const string Heading = "## Kubernetes, end to end";
    private static readonly ManifestText Deployment = ManifestText.Read("samples", "WebService", "deploy", "k8s", "deployment.yaml");
    private static readonly string Operations = Repository.Read("docs", "operations.md");
    private static readonly ManifestText DocumentedPodSpec = ManifestText.YamlBlockOf(Operations, Heading, "docs/operations.md");

    private static TimeSpan Drain => Deployment.DrainDelay() ?? Configured("DrainDelay");

    private static TimeSpan HostShutdownTimeout => Drain + Configured("InterruptTimeout");

    private static TimeSpan Grace => TimeSpan.FromSeconds(Deployment.Number("terminationGracePeriodSeconds"));

    [Fact]
    public void The_manifests_grace_period_is_longer_than_the_hosts_shutdown_timeout_of_its_drain_and_interrupt_timeout()
    {
        Assert.True(
            Grace > HostShutdownTimeout,
            $"terminationGracePeriodSeconds ({Grace.TotalSeconds} s) must exceed HostOptions.ShutdownTimeout ({HostShutdownTimeout.TotalSeconds} s: " +
            $"the manifest's drain, {Drain.TotalSeconds} s, and Shutdown:InterruptTimeout, {Configured("InterruptTimeout").TotalSeconds} s)");
    }

    [Fact]
    public void The_operations_table_states_the_settings_and_the_manifests_numbers()
    {
        Assert.Equal(Drain, TableValue("drain"));
        Assert.Equal(Configured("DrainDelay"), Seconds(Assert.Single(DefaultDrain().Matches(TableRow("drain")))));
        Assert.Equal(Configured("InterruptTimeout"), TableValue("interrupt timeout"));
        Assert.Equal(HostShutdownTimeout, TableValue("`HostOptions.ShutdownTimeout`"));
        Assert.Equal(Grace, TableValue("`terminationGracePeriodSeconds`"));
    }

    [Fact]
    public void The_operations_pod_spec_is_the_manifests()
    {
        var stated = Assert.Single(StatedHostTimeout().Matches(Operations)); // the pod spec's comment on its grace period

        Assert.Equal(Grace, TimeSpan.FromSeconds(DocumentedPodSpec.Number("terminationGracePeriodSeconds")));
        Assert.Equal(HostShutdownTimeout, Seconds(stated));
        Assert.Equal(Deployment.Args(), DocumentedPodSpec.Args());
        foreach (var probe in new[] { "readinessProbe", "livenessProbe" })
        {
            foreach (var key in new[] { "path", "port", "periodSeconds", "failureThreshold" })
            {
                Assert.Equal(Deployment.Block(probe).Value(key), DocumentedPodSpec.Block(probe).Value(key));
            }
        }
    }

    [Fact]
    public void The_operations_timeline_ends_the_drain_abandons_members_and_kills_the_pod_at_the_manifests_seconds()
    {
        Assert.Equal($"{Drain.TotalSeconds} s", TimelineTime("the drain ends"));
        Assert.Equal($"{Drain.TotalSeconds}–{HostShutdownTimeout.TotalSeconds} s", TimelineTime("abandons any still running"));
        Assert.Contains($"({Configured("InterruptTimeout").TotalSeconds} s from the interrupt) abandons any still running at {HostShutdownTimeout.TotalSeconds} s", TimelineRow("abandons any still running"));
        Assert.Equal($"≤ {HostShutdownTimeout.TotalSeconds} s", TimelineTime("the group completes"));
        Assert.Equal($"{Grace.TotalSeconds} s", TimelineTime("SIGKILL"));
    }

    [Fact]
    public void The_readiness_probe_notices_the_drain_before_it_ends()
    {
        var probe = Deployment.Block("readinessProbe");
        var noticed = TimeSpan.FromSeconds(probe.Number("periodSeconds") * probe.Number("failureThreshold"));

        Assert.True(noticed < Drain, $"the readiness probe takes up to {noticed.TotalSeconds} s to see a 503; the drain is {Drain.TotalSeconds} s");
    }

    [Fact]
    public void The_probes_ask_the_samples_health_endpoints_on_the_port_its_image_listens_on()
    {
        var imagePort = int.Parse(ImageHttpPort().Match(Repository.Read("samples", "WebService", "Dockerfile")).Groups["port"].Value, CultureInfo.InvariantCulture);

        Assert.Equal(SampleFiles.HealthCheckPath("WebService", "ready"), Deployment.Block("readinessProbe").Value("path"));
        Assert.Equal(SampleFiles.HealthCheckPath("WebService", "liveness"), Deployment.Block("livenessProbe").Value("path"));
        Assert.Equal(imagePort, Deployment.Block("env").Number("value", after: "ASPNETCORE_HTTP_PORTS"));
        Assert.Equal(imagePort, Deployment.Block("readinessProbe").Number("port"));
        Assert.Equal(imagePort, Deployment.Block("livenessProbe").Number("port"));
        Assert.Equal(imagePort, Deployment.Block("ports").Number("containerPort", after: "name: http"));
    }

    [Fact]
    public async Task The_sample_started_with_the_manifests_args_uses_the_host_shutdown_timeout_the_docs_state()
    {
        using var sample = SampleProcess.Start("WebService", output, ["--urls", "http://127.0.0.1:0", .. Deployment.Args()]);

        var line = await sample.WaitForLine("web-service: a stop drains for ");
        sample.Signal(15);
        var exitCode = await sample.WaitForExit();

        var used = ReportedShutdown().Match(line);
        Assert.True(used.Success, line);
        Assert.Equal(Drain, TimeSpan.FromSeconds(double.Parse(used.Groups["drain"].Value, CultureInfo.InvariantCulture)));
        Assert.Equal(Configured("InterruptTimeout"), TimeSpan.FromSeconds(double.Parse(used.Groups["interrupt"].Value, CultureInfo.InvariantCulture)));
        Assert.Equal(TableValue("`HostOptions.ShutdownTimeout`"), TimeSpan.FromSeconds(double.Parse(used.Groups["host"].Value, CultureInfo.InvariantCulture)));
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task A_bad_shutdown_setting_is_one_line_on_stderr_naming_the_key_and_exit_code_2()
    {
        using var sample = SampleProcess.Start(
            "WebService", output, new Dictionary<string, string> { ["Shutdown__InterruptTimeout"] = "soon" }, "--urls", "http://127.0.0.1:0");

        Assert.Equal(2, await sample.WaitForExit());
        Assert.Contains("Shutdown:InterruptTimeout = 'soon' is not a duration", Assert.Single(sample.ErrorLines));
        Assert.DoesNotContain("Now listening on", sample.Output);
    }

    private static TimeSpan Configured(string key) => SampleFiles.ShutdownSetting("WebService", key);

    // The row of the numbers table whose first cell is `name`.
    private static string TableRow(string name)
    {
        var row = Operations.Split('\n').SingleOrDefault(l => l.StartsWith($"| {name} |", StringComparison.Ordinal));
        Assert.True(row is not null, $"docs/operations.md has no row '| {name} |'");
        return row;
    }

    // The last cell of that row: "35 s".
    private static TimeSpan TableValue(string name) =>
        Seconds(Assert.Single(LastCell().Matches(TableRow(name))));

    // The row of the timeline that says `what`, and its first cell.
    private static string TimelineRow(string what)
    {
        var section = Operations[Operations.IndexOf(Heading, StringComparison.Ordinal)..];
        var row = section.Split('\n').FirstOrDefault(l => l.StartsWith("| ", StringComparison.Ordinal) && l.Contains(what, StringComparison.Ordinal) && TimeCell().IsMatch(l));
        Assert.True(row is not null, $"the timeline in docs/operations.md has no row that says '{what}'");
        return row;
    }

    private static string TimelineTime(string what) => TimeCell().Match(TimelineRow(what)).Groups["time"].Value;

    private static TimeSpan Seconds(Match match) =>
        TimeSpan.FromSeconds(double.Parse(match.Groups["seconds"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"\|\s*(?<seconds>\d+(\.\d+)?) s\s*\|\s*$")]
    private static partial Regex LastCell();

    [GeneratedRegex(@"without it, `Shutdown:DrainDelay`: (?<seconds>\d+(\.\d+)?) s")]
    private static partial Regex DefaultDrain();

    [GeneratedRegex(@"> HostOptions\.ShutdownTimeout \((?<seconds>\d+(\.\d+)?) s\)")]
    private static partial Regex StatedHostTimeout();

    [GeneratedRegex(@"^\| (?<time>≤ \d+ s|\d+(–\d+)? s) \|")]
    private static partial Regex TimeCell();

    [GeneratedRegex(@"^ENV ASPNETCORE_HTTP_PORTS=(?<port>\d+)$", RegexOptions.Multiline)]
    private static partial Regex ImageHttpPort();

    [GeneratedRegex(@"a stop drains for (?<drain>[\d.]+) s, waits up to (?<interrupt>[\d.]+) s for the members, within the host's shutdown timeout of (?<host>[\d.]+) s")]
    private static partial Regex ReportedShutdown();
}
