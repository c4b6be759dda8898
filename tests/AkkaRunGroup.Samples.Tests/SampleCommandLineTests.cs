using Xunit.Abstractions;

namespace AkkaRunGroup.Samples.Tests;

/// <summary>
/// Every sample takes its command line one way (samples/Shared/SampleCommandLine.cs): a bad flag or value is one line on
/// stderr naming it and exit code 2, before anything starts; nothing is silently ignored; --help lists every flag.
/// </summary>
public sealed class SampleCommandLineTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("Quickstart", "a word for a duration", "--exit-after: 'banana' is not a duration", "--exit-after", "banana")]
    [InlineData("Quickstart", "a negative drain", "--drain-delay: '-5s' is not a duration", "--drain-delay", "-5s")]
    [InlineData("Quickstart", "a duration without its unit, after '='", "--exit-after: '3' is not a duration", "--exit-after=3")]
    [InlineData("Quickstart", "a flag without its value", "'--drain-delay'", "--drain-delay")]
    [InlineData("Quickstart", "an unknown flag", "'--bogus'", "--bogus")]
    [InlineData("HostedService", "plain seconds, which no sample takes", "--exit-after: '3' is not a duration", "--exit-after", "3")]
    [InlineData("HostedService", "an unknown flag", "'--urls'", "--urls", "http://127.0.0.1:0")]
    [InlineData("WebService", "a URL that is not one", "--urls: 'nonsense' is not an http:// or https:// URL", "--urls", "nonsense")]
    [InlineData("WebService", "a negative drain", "--drain-delay: '-5s' is not a duration", "--drain-delay", "-5s")]
    [InlineData("WebService", "an unknown flag", "'--port'", "--port", "5080")]
    [InlineData("ClusterService", "an unknown flag", "'--bogus'", "--seed", "127.0.0.1:4053", "--bogus")]
    [InlineData("ClusterService", "a port that is not a number", "--port: 'banana' is not a port", "--seed", "127.0.0.1:4053", "--port", "banana")]
    [InlineData("ClusterService", "a seed without its port", "--seed: '127.0.0.1' is not host:port", "--seed", "127.0.0.1")]
    [InlineData("ClusterService", "a negative drain", "--drain-delay: '-5s' is not a duration", "--seed", "127.0.0.1:4053", "--drain-delay", "-5s")]
    [InlineData("ClusterService", "a URL that is not one", "--urls: 'nonsense' is not an http:// or https:// URL", "--seed", "127.0.0.1:4053", "--urls", "nonsense")]
    [InlineData("ClusterService", "seeds with bootstrap", "--seed and --bootstrap exclude each other", "--seed", "127.0.0.1:4053", "--bootstrap")]
    [InlineData("ClusterService", "config bootstrap without contacts", "--bootstrap with --discovery config needs the nodes' management endpoints", "--bootstrap")]
    [InlineData("ClusterService", "neither seeds nor bootstrap", "give the seed nodes (--seed host:port, repeatable) or --bootstrap", "--port", "4053")]
    [InlineData("ClusterService", "an unknown discovery method", "'zookeeper'", "--bootstrap", "--discovery", "zookeeper")]
    [InlineData("ClusterService", "a drain longer than the shutdown budget allows", "Shutdown:HostShutdownTimeout (48 s) must cover the drain (60 s)", "--seed", "127.0.0.1:4053", "--drain-delay", "1m")]
    public async Task A_bad_command_line_is_one_line_on_stderr_naming_the_problem_and_exit_code_2(string name, string problem, string named, params string[] args)
    {
        using var sample = SampleProcess.Start(name, output, args);

        var exitCode = await sample.WaitForExit();

        output.WriteLine($"{name}, {problem}: exit code {exitCode}");
        Assert.Equal(2, exitCode);
        var line = Assert.Single(sample.ErrorLines);
        Assert.Contains(named, line);
        Assert.DoesNotContain("   at ", sample.Output);
        Assert.DoesNotContain("Now listening on", sample.Output);
    }

    [Theory]
    [InlineData("Quickstart", new[] { "--exit-after", "--shutdown-delay", "--drain-delay" })]
    [InlineData("HostedService", new[] { "--exit-after" })]
    [InlineData("WebService", new[] { "--urls", "--drain-delay" })]
    [InlineData("ClusterService", new[] { "--urls", "--port", "--hostname", "--seed", "--db", "--drain-delay", "--bootstrap", "--management-port", "--contact", "--discovery" })]
    public async Task Help_prints_every_flag_and_exits_0(string name, string[] flags)
    {
        using var sample = SampleProcess.Start(name, output, "--help");

        Assert.Equal(0, await sample.WaitForExit());
        foreach (var flag in flags)
        {
            Assert.Contains(flag, sample.Output);
        }

        Assert.Empty(sample.ErrorLines);
    }
}
