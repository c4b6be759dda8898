using Xunit.Abstractions;

namespace AkkaRunGroup.Samples.Tests;

/// <summary>samples/HostedService run as a child process: the Generic Host owns the signals and stops the group.</summary>
public sealed class HostedServiceTests(ITestOutputHelper output)
{
    private const int SigTerm = 15;

    [Fact]
    public async Task SIGTERM_stops_the_host_which_interrupts_the_group_and_exits_0()
    {
        using var sample = SampleProcess.Start("HostedService", output, "--exit-after", "never");
        // The reporter's round trip through the echo listener: every member is running.
        await sample.WaitForLine("reporter: echo replied 'report 1'");

        sample.Signal(SigTerm);
        var exitCode = await sample.WaitForExit();

        Assert.Equal(0, exitCode);
        Assert.Contains("hosted-service: run group 'hosted': interrupted from outside with OperationCanceledException: The host is stopping.", sample.Output);
        Assert.Contains("heartbeat: interrupted (OperationCanceledException), stopping", sample.Output);
        Assert.Contains("reporter: stopping token cancelled, done", sample.Output);
        Assert.Contains("hosted-service: exit code 0", sample.Output);
    }

    [Fact]
    public async Task The_actor_member_stopping_itself_stops_the_group_and_the_host()
    {
        using var sample = SampleProcess.Start("HostedService", output, "--exit-after", "1s");

        var exitCode = await sample.WaitForExit();

        Assert.Equal(0, exitCode);
        Assert.Contains("hosted-service: run group 'hosted': 'heartbeat' exited first cleanly", sample.Output);
        Assert.Contains("Hosted run group 'hosted' completed; stopping the host", sample.Output);
    }
}
