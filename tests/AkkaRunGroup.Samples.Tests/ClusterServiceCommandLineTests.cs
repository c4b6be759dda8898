using Xunit.Abstractions;

namespace AkkaRunGroup.Samples.Tests;

/// <summary>samples/ClusterService refuses a bad command line with one line on stderr and exit code 2, before it starts anything.</summary>
public sealed class ClusterServiceCommandLineTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("an unknown flag", "'--bogus'", "--seed", "127.0.0.1:4053", "--bogus")]
    [InlineData("a port that is not a number", "--port: 'banana' is not a port", "--seed", "127.0.0.1:4053", "--port", "banana")]
    [InlineData("a seed without its port", "--seed: '127.0.0.1' is not host:port", "--seed", "127.0.0.1")]
    [InlineData("a negative drain", "--drain-delay: '-5s' is not a duration", "--seed", "127.0.0.1:4053", "--drain-delay", "-5s")]
    [InlineData("a URL that is not one", "--urls: 'nonsense' is not an http:// or https:// URL", "--seed", "127.0.0.1:4053", "--urls", "nonsense")]
    [InlineData("seeds with bootstrap", "--seed and --bootstrap exclude each other", "--seed", "127.0.0.1:4053", "--bootstrap")]
    [InlineData("config bootstrap without contacts", "--bootstrap with --discovery config needs the nodes' management endpoints", "--bootstrap")]
    [InlineData("neither seeds nor bootstrap", "give the seed nodes (--seed host:port, repeatable) or --bootstrap", "--port", "4053")]
    [InlineData("an unknown discovery method", "'zookeeper'", "--bootstrap", "--discovery", "zookeeper")]
    [InlineData("a drain longer than the shutdown budget allows", "Shutdown:HostShutdownTimeout (48 s) must cover the drain (60 s)", "--seed", "127.0.0.1:4053", "--drain-delay", "1m")]
    public async Task A_bad_command_line_is_one_line_on_stderr_naming_the_problem_and_exit_code_2(string problem, string named, params string[] args)
    {
        using var sample = SampleProcess.Start("ClusterService", output, args);

        var exitCode = await sample.WaitForExit();

        output.WriteLine($"{problem}: exit code {exitCode}");
        Assert.Equal(2, exitCode);
        var line = Assert.Single(sample.ErrorLines);
        Assert.Contains(named, line);
        Assert.DoesNotContain("   at ", sample.Output);
        Assert.DoesNotContain("Now listening on", sample.Output);
    }

    [Fact]
    public async Task Help_prints_every_flag_and_exits_0()
    {
        using var sample = SampleProcess.Start("ClusterService", output, "--help");

        Assert.Equal(0, await sample.WaitForExit());
        foreach (var flag in new[] { "--urls", "--port", "--hostname", "--seed", "--db", "--drain-delay", "--bootstrap", "--management-port", "--contact", "--discovery" })
        {
            Assert.Contains(flag, sample.Output);
        }

        Assert.Empty(sample.ErrorLines);
    }
}
