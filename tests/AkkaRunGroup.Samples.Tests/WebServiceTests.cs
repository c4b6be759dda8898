using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using AkkaRunGroup.Tests.Shared;
using Xunit.Abstractions;

namespace AkkaRunGroup.Samples.Tests;

/// <summary>samples/WebService run as a child process on loopback, asked over real HTTP and stopped by real signals.</summary>
public sealed class WebServiceTests(ITestOutputHelper output)
{
    private const int SigTerm = 15;

    [Fact]
    public async Task Ready_and_live_answer_200_while_the_group_runs_and_the_actor_member_answers_the_endpoint()
    {
        using var web = await HttpSample.Start("WebService", output, "--drain-delay", "0s");

        await web.PollUntil("/healthz/ready", HttpStatusCode.OK);
        var live = await web.Http.GetAsync("/healthz/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        // The liveness filter takes the group's check and Akka.Hosting's own ActorSystem check alike.
        var checks = await live.Content.ReadAsStringAsync();
        Assert.Contains("akka.actorsystem: ActorSystem is running.", checks);
        Assert.Contains("run-group-web-live: run group 'web' Running", checks);
        var done = await Work(web, "/work/30");
        Assert.Equal((30, 832040L, "/user/web/calculator", "Running"), (done.N, done.Fibonacci, done.Calculator, done.Phase));
        Assert.Equal(HttpStatusCode.BadRequest, (await web.Http.GetAsync("/work/93")).StatusCode);

        web.Sample.Signal(SigTerm);
        Assert.Equal(0, await web.Sample.WaitForExit());
        Assert.Contains("web-service: exit code 0", web.Sample.Output);
    }

    [Fact]
    public async Task SIGTERM_drains_with_readiness_503_while_requests_in_flight_and_new_ones_are_served_then_exits_0()
    {
        using var web = await HttpSample.Start("WebService", output, "--drain-delay", "3s");
        await web.PollUntil("/healthz/ready", HttpStatusCode.OK);
        var inFlight = Work(web, "/work/20?delayMs=1500");
        await web.Sample.WaitForLine("calculator: job 1: fibonacci(20)"); // the request has reached the actor

        web.Sample.Signal(SigTerm);
        await web.PollUntil("/healthz/ready", HttpStatusCode.ServiceUnavailable);
        var during = await Work(web, "/work/10");
        var first = await inFlight;
        var exitCode = await web.Sample.WaitForExit();

        output.WriteLine($"the request in flight was answered in phase {first.Phase}, the one sent during the drain in phase {during.Phase}");
        Assert.Equal(6765, first.Fibonacci);
        Assert.Equal(55, during.Fibonacci);
        Assert.Equal(0, exitCode);
        Assert.Contains("web-service: stop received; draining for 3 s", web.Sample.Output);
        Assert.Contains("Run group 'web' stopped from outside with OperationCanceledException: The host is stopping.; draining for 00:00:03 before interrupting 2 members", web.Sample.Output);
        Assert.Contains("web-service: run group 'web': interrupted from outside with OperationCanceledException: The host is stopping.; 2 members", web.Sample.Output);
        Assert.Contains("calculator: interrupted, exited cleanly", web.Sample.Output);
        Assert.Contains("web-service: exit code 0", web.Sample.Output);
    }

    [Fact]
    public async Task A_second_SIGTERM_during_a_long_drain_ends_the_drain_at_once_and_exits_0()
    {
        using var web = await HttpSample.Start("WebService", output, "--drain-delay", "60s");
        await web.PollUntil("/healthz/ready", HttpStatusCode.OK);
        web.Sample.Signal(SigTerm);
        await web.PollUntil("/healthz/ready", HttpStatusCode.ServiceUnavailable);

        var clock = Stopwatch.StartNew();
        web.Sample.Signal(SigTerm);
        var exitCode = await web.Sample.WaitForExit(); // bounded well within the 60 s drain

        output.WriteLine($"from the second SIGTERM to the exit: {clock.ElapsedMilliseconds} ms");
        Assert.Equal(0, exitCode);
        Assert.Contains("Run group 'web': SIGTERM received while draining; interrupting now", web.Sample.Output);
        Assert.Contains("web-service: exit code 0", web.Sample.Output);
    }

    [Fact]
    public async Task Metrics_shows_the_run_groups_instruments_in_Prometheus_text()
    {
        using var web = await HttpSample.Start("WebService", output, "--drain-delay", "0s");
        await web.PollUntil("/healthz/ready", HttpStatusCode.OK);

        var metrics = await web.Http.GetStringAsync("/metrics");

        output.WriteLine(metrics);
        Assert.Contains("# TYPE akka_run_group_run_started_total counter", metrics);
        Assert.Matches("""akka_run_group_run_started_total\{[^}]*akka_run_group_name="web"[^}]*\} 1\n""", metrics);
        Assert.Contains("# TYPE akka_run_group_member_running gauge", metrics);
        Assert.Matches("""akka_run_group_member_running\{[^}]*akka_run_group_name="web"[^}]*\} 2\n""", metrics);
        Assert.Contains("# TYPE akka_run_group_phase gauge", metrics);
        Assert.Matches("""akka_run_group_phase\{[^}]*akka_run_group_name="web",akka_run_group_phase="running"\} 1\n""", metrics);
        Assert.Matches("""akka_run_group_phase\{[^}]*akka_run_group_name="web",akka_run_group_phase="draining"\} 0\n""", metrics);
    }

    [Fact]
    public async Task The_metrics_of_a_running_service_that_the_alert_rules_and_the_dashboard_query_are_served_by_those_names()
    {
        using var web = await HttpSample.Start("WebService", output, "--drain-delay", "0s");
        await web.PollUntil("/healthz/ready", HttpStatusCode.OK);

        var exposed = OperatorDocs.Exposed(await web.Http.GetStringAsync("/metrics"));

        // A running service serves the live runs' instruments and the runs started; the others come with the events
        // they count (an exit, a restart, a completion), which Hosting.Tests' PrometheusExportTests goes through.
        string[] live = ["akka_run_group_phase", "akka_run_group_member_running", "akka_run_group_run_started_total"];
        Assert.All(live, name => Assert.Contains(name, OperatorDocs.MetricNames()));
        Assert.All(live, name => Assert.Contains(name, exposed));
        Assert.All(exposed.Where(n => n.StartsWith("akka_run_group_", StringComparison.Ordinal)), name => Assert.Contains(name, OperatorDocs.MetricNames()));
        web.Sample.Signal(SigTerm);
        Assert.Equal(0, await web.Sample.WaitForExit());
    }

    [Fact]
    public async Task Without_urls_the_web_sample_listens_where_ASPNETCORE_URLS_says_as_in_a_container()
    {
        using var sample = SampleProcess.Start(
            "WebService", output, new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:0" }, "--drain-delay", "0s");

        var listening = await sample.WaitForLine("Now listening on: ");

        Assert.Matches(@"Now listening on: http://127\.0\.0\.1:\d+", listening);
        Assert.DoesNotContain(":5080", listening);
        sample.Signal(15);
        Assert.Equal(0, await sample.WaitForExit());
    }

    /// <summary>The endpoint's JSON answer.</summary>
    private sealed record WorkDone(int N, long Fibonacci, int Job, string Calculator, string Phase);

    /// <summary>Asks the work endpoint, expecting 200 and the calculator's answer.</summary>
    private static async Task<WorkDone> Work(HttpSample web, string path)
    {
        using var response = await web.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<WorkDone>())!;
    }
}
