using System.Globalization;

namespace AkkaRunGroup.Samples.Tests;

/// <summary>
/// samples/ClusterService's Kubernetes manifests agree with its shutdown budget (appsettings.json, "Shutdown") and its
/// endpoints: Kubernetes waits longer than the host, the host longer than every step of the stop, and the probes ask
/// the paths and ports the service serves. Numbers are read from the YAML text, one key at a time.
/// </summary>
public sealed class ClusterServiceManifestTests
{
    private static readonly ManifestText Deployment = ManifestText.Read("samples", "ClusterService", "deploy", "k8s", "deployment.yaml");
    private static readonly ManifestText Services = ManifestText.Read("samples", "ClusterService", "deploy", "k8s", "services.yaml");

    [Fact]
    public void The_grace_period_exceeds_the_hosts_shutdown_timeout_which_covers_the_drain_the_interrupt_and_the_leave()
    {
        var grace = TimeSpan.FromSeconds(Deployment.Number("terminationGracePeriodSeconds"));
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
        var probe = Deployment.Block("readinessProbe");
        var noticed = TimeSpan.FromSeconds(probe.Number("periodSeconds") * probe.Number("failureThreshold"));

        Assert.True(noticed < ManifestDrain(), $"the readiness probe takes up to {noticed.TotalSeconds} s to see a 503; the drain is {ManifestDrain().TotalSeconds} s");
    }

    [Fact]
    public void The_probes_ask_the_services_health_endpoints_on_its_HTTP_port()
    {
        var readyPath = SampleFiles.HealthCheckPath("ClusterService", "ready");
        var livePath = SampleFiles.HealthCheckPath("ClusterService", "liveness");
        var httpPort = Deployment.Block("env").Number("value", after: "ASPNETCORE_HTTP_PORTS");

        Assert.Equal(readyPath, Deployment.Block("readinessProbe").Value("path"));
        Assert.Equal(livePath, Deployment.Block("livenessProbe").Value("path"));
        Assert.Equal(httpPort, Deployment.Block("readinessProbe").Number("port"));
        Assert.Equal(httpPort, Deployment.Block("livenessProbe").Number("port"));
        Assert.Equal(httpPort, Deployment.Block("ports").Number("containerPort", after: "name: http"));
    }

    [Fact]
    public void Bootstrap_finds_the_management_port_the_node_listens_on()
    {
        var managementPort = int.Parse(Deployment.Arg("--management-port")!, CultureInfo.InvariantCulture);

        Assert.Equal(managementPort, Deployment.Block("ports").Number("containerPort", after: "name: management"));
        Assert.Equal(managementPort, Services.Number("port", after: "name: management"));
        Assert.Equal("management", Services.Value("targetPort", after: "name: management"));
        Assert.Contains("--bootstrap", Deployment.Args());
        Assert.Equal("kubernetes", Deployment.Arg("--discovery"));
    }

    // The drain the manifest passes, else the budget's default.
    private static TimeSpan ManifestDrain() => Deployment.DrainDelay() ?? Budgeted("DrainDelay");

    private static TimeSpan Budgeted(string key) => SampleFiles.ShutdownSetting("ClusterService", key);
}
