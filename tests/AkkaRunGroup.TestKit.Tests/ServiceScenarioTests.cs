using Xunit;
using Xunit.Abstractions;

namespace AkkaRunGroup.TestKit.Tests;

/// <summary>
/// Scenario tests of a realistic service group (a database pool, an HTTP server and a queue worker), written with
/// the TestKit helpers the way a user would test their own wiring.
/// </summary>
public sealed class ServiceScenarioTests(ITestOutputHelper output)
    : Akka.TestKit.Xunit2.TestKit("akka.loglevel = INFO\nakka.run-group.interrupt-timeout = 1s", output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_failing_database_stops_the_http_server_and_the_worker_with_its_error()
    {
        var db = new TestMember("db");
        var http = new TestMember("http");
        var worker = new TestMember("worker");
        var events = this.CreateRunGroupProbe("service");
        var run = new RunGroup("service").Add(db).Add(http).Add(worker).RunAsync(Sys);

        await Task.WhenAll(db.Started, http.Started, worker.Started).WaitAsync(Bound);
        var lost = new InvalidOperationException("connection lost");
        db.Exit(lost);

        var exited = await events.ExpectMemberExitedAsync("db", Bound);
        Assert.Same(lost, exited.Error);
        var interrupted = await events.ExpectGroupInterruptedAsync(Bound);
        Assert.Equal("db", interrupted.FirstExited);
        Assert.Same(lost, await http.Interrupted.WaitAsync(Bound));
        Assert.Same(lost, await worker.Interrupted.WaitAsync(Bound));
        var result = await events.ExpectGroupCompletedAsync(Bound);
        Assert.Same(result, await run.WaitAsync(Bound));
        Assert.All([db, http, worker], m => Assert.Equal((1, 1), (m.StartCount, m.InterruptCount)));
    }

    [Fact]
    public async Task A_worker_that_ignores_its_interrupt_is_abandoned_after_the_timeout()
    {
        var http = new TestMember("http");
        var worker = new TestMember("worker", exitOnInterrupt: false);
        var events = this.CreateRunGroupProbe("service");
        var run = new RunGroup("service").Add(http).Add(worker).RunAsync(Sys);

        await worker.Started.WaitAsync(Bound);
        http.Exit();

        var result = await events.ExpectGroupCompletedAsync(Bound);
        Assert.Null(result.Error);
        Assert.Equal(["worker"], result.Abandoned.Select(m => m.Name));
        Assert.Equal(1, worker.InterruptCount);
        worker.Exit();
        await run.WaitAsync(Bound);
    }

    [Fact]
    public async Task The_blocking_expectations_see_the_events_of_their_group_only()
    {
        var events = this.CreateRunGroupProbe("mine");
        var other = new TestMember("a");
        var mine = new TestMember("a");
        var otherRun = new RunGroup("other").Add(other).RunAsync(Sys);
        var myRun = new RunGroup("mine").Add(mine).RunAsync(Sys);

        Assert.Equal("mine", events.ExpectMemberStarted("a", Bound).Group);
        other.Exit(new Exception("other group"));
        mine.Exit();
        Assert.Null(events.ExpectMemberExited("a", Bound).Error);
        Assert.Equal("mine", events.ExpectGroupCompleted(Bound).Group);
        await Task.WhenAll(otherRun, myRun).WaitAsync(Bound);
    }

    [Fact]
    public async Task An_expectation_that_is_not_met_fails_with_what_it_saw()
    {
        var events = this.CreateRunGroupProbe();
        var member = new TestMember("lonely");
        var run = new RunGroup("short").Add(member).RunAsync(Sys);
        await member.Started.WaitAsync(Bound);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => events.ExpectMemberExitedAsync("missing", TimeSpan.FromMilliseconds(300)));

        Assert.Contains("MemberExited of 'missing'", error.Message);
        Assert.Contains("MemberStarted", error.Message);
        member.Exit();
        await run.WaitAsync(Bound);
    }
}
