using Xunit.Abstractions;

namespace AkkaRunGroup.Samples.Tests;

/// <summary>samples/Quickstart run as a child process and stopped by real signals.</summary>
public sealed class QuickstartTests(ITestOutputHelper output)
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    [Theory]
    [InlineData(SigTerm, "SIGTERM")]
    [InlineData(SigInt, "SIGINT")]
    public async Task A_signal_stops_the_group_gracefully_with_exit_code_0(int signal, string name)
    {
        using var quickstart = SampleProcess.Start("Quickstart", output, "--exit-after", "never");
        // A tick has gone through the echo listener: every member, the signal handler included, is running.
        await quickstart.WaitForLine("echo replied 'tick 1'");

        quickstart.Signal(signal);
        var exitCode = await quickstart.WaitForExit();

        Assert.Equal(0, exitCode);
        Assert.Contains($"quickstart: signal {name} stopped the group (first exited: 'signals'", quickstart.Output);
        Assert.Contains($"signals: exited with SignalException: received signal {name}", quickstart.Output);
        Assert.Contains("echo: interrupted, exited cleanly", quickstart.Output);
        Assert.Contains("ticker: interrupted, exited with TaskCanceledException", quickstart.Output);
    }

    [Fact]
    public async Task Exit_after_stops_the_group_by_itself_with_exit_code_0()
    {
        using var quickstart = SampleProcess.Start("Quickstart", output, "--exit-after", "1s");

        var exitCode = await quickstart.WaitForExit();

        Assert.Equal(0, exitCode);
        Assert.Contains("quickstart: the --exit-after deadline stopped the group (first exited: 'exit-after'", quickstart.Output);
    }

    [Fact]
    public async Task A_second_SIGINT_during_a_slow_shutdown_ends_the_process_at_once_with_130()
    {
        using var quickstart = SampleProcess.Start("Quickstart", output, "--exit-after", "never", "--shutdown-delay", "60s");
        await quickstart.WaitForLine("echo replied 'tick 1'");

        quickstart.Signal(SigInt);
        await quickstart.WaitForLine("ticker: interrupted, cleaning up");
        quickstart.Signal(SigInt);
        var exitCode = await quickstart.WaitForExit();

        // The first signal's handler was disposed with its member: the second gets the runtime's default action.
        Assert.Equal(128 + SigInt, exitCode);
        Assert.DoesNotContain("quickstart: exit code", quickstart.Output);
    }

    [Fact]
    public async Task A_signal_drains_first_and_a_second_signal_ends_the_drain_at_once()
    {
        using var quickstart = SampleProcess.Start("Quickstart", output, "--exit-after", "never", "--drain-delay", "60s");
        await quickstart.WaitForLine("echo replied 'tick 1'");

        quickstart.Signal(SigTerm);
        await quickstart.WaitForLine("draining for 00:01:00");
        var second = System.Diagnostics.Stopwatch.StartNew();
        quickstart.Signal(SigTerm);
        // Bounded far below the 60 s drain: only the second signal can end it in time.
        var exitCode = await quickstart.WaitForExit();
        output.WriteLine($"MEASURED second SIGTERM to exit: {second.Elapsed.TotalMilliseconds:0} ms");

        Assert.Equal(0, exitCode);
        Assert.Contains("SIGTERM received while draining; interrupting now", quickstart.Output);
        Assert.Contains("quickstart: signal SIGTERM stopped the group (first exited: 'signals'", quickstart.Output);
        Assert.Contains("echo: interrupted, exited cleanly", quickstart.Output);
    }
}
