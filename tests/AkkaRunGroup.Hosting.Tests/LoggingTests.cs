using System.Diagnostics;
using System.Reflection;
using AkkaRunGroup.Hosting.Internal;
using Akka.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace AkkaRunGroup.Hosting.Tests;

/// <summary>
/// A hosted group's log lines reach the host's ILogger under the library's categories, with named fields, filtered
/// like any category, and never lost at shutdown. Each host sends Akka's own lines to ILogger too, through
/// Akka.Hosting's logger configuration, as a service usually does.
/// </summary>
public sealed class LoggingTests(ITestOutputHelper output)
{
    [Fact]
    public Task A_hosted_groups_lines_reach_ILogger_under_the_library_categories_with_named_fields() => TestHost.PreservingExitCode(async () =>
    {
        var provider = new CapturingLoggerProvider();
        using (var host = BuildHost(provider, group => group
            .Add(() => new InvalidOperationException("db down"), _ => { }, "db")
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "api")))
        {
            await host.RunAsync().Bounded();
        }

        var firstExit = provider.Single("AkkaRunGroup.RunGroup", ": member 'db' exited first");
        Assert.Equal(LogLevel.Information, firstExit.Level);
        Assert.Equal("Run group 'logged': member 'db' exited first with InvalidOperationException: db down; interrupting 2 members", firstExit.Text);
        Assert.Equal("logged", firstExit.Fields["Group"]);
        Assert.Equal("db", firstExit.Fields["Member"]);
        Assert.Equal("InvalidOperationException: db down", firstExit.Fields["Error"]);
        Assert.Equal(2, firstExit.Fields["MemberCount"]);
        Assert.Equal("Run group '{Group}': member '{Member}' exited first with {Error}; interrupting {MemberCount} members", firstExit.Fields["{OriginalFormat}"]);

        var completed = provider.Single("AkkaRunGroup.RunGroup", "completed in");
        Assert.Equal(["ElapsedMs", "Group", "Result", "{OriginalFormat}"], completed.Fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("run group 'logged': 'db' exited first with InvalidOperationException: db down; 2 members", completed.Fields["Result"]);

        var failed = provider.Single("AkkaRunGroup.Hosting", "failed; exit code 1");
        Assert.Equal(LogLevel.Error, failed.Level);
        Assert.Equal("logged", failed.Fields["Group"]);
        Assert.Equal(LogLevel.Information, provider.Single("AkkaRunGroup.Hosting", "Hosted run group 'logged' completed; stopping the host").Level);
        // Not also through Akka's logger bridge, whose category is Akka.Actor.ActorSystem.
        Assert.DoesNotContain(provider.Entries, e => !e.Category.StartsWith("AkkaRunGroup", StringComparison.Ordinal) && e.Text.Contains("run group 'logged'", StringComparison.OrdinalIgnoreCase));
    });

    [Fact]
    public Task Each_line_of_a_hosted_run_reaches_ILogger_with_the_event_id_of_its_kind() => TestHost.PreservingExitCode(async () =>
    {
        var provider = new CapturingLoggerProvider();
        using (var host = BuildHost(provider, group => group
            // A drain that the host neither waits for (no AddRunGroupHealthChecks) nor has time for: the hosting warns thrice.
            .WithDrainDelay(TimeSpan.FromSeconds(1))
            .Add(() => new InvalidOperationException("db down"), _ => { }, "db")
            .Add(token => Task.Delay(Timeout.Infinite, token), _ => throw new InvalidOperationException("cannot stop"), "api")))
        {
            await host.RunAsync().Bounded();
        }

        (string Category, string Text, int Id, string Name)[] expected =
        [
            ("AkkaRunGroup.Hosting", "before-service-unbind.timeout (00:00:30) is shorter", 3004, "PhaseTimeoutIsShorter"),
            ("AkkaRunGroup.Hosting", "drains for 00:00:01, but the host's stop does not wait", 3005, "DrainNotAwaited"),
            ("AkkaRunGroup.Hosting", "add up to more than the host's HostOptions.ShutdownTimeout", 3006, "HostGivesUpFirst"),
            ("AkkaRunGroup.RunGroup", "member 'db' exited first", 1001, "FirstExit"),
            ("AkkaRunGroup.RunGroup", "the interrupt of member 'api' threw", 1008, "InterruptThrew"),
            ("AkkaRunGroup.RunGroup", "completed in", 1012, "RunCompleted"),
            ("AkkaRunGroup.Hosting", "failed; exit code 1", 3002, "GroupFailed"),
            ("AkkaRunGroup.Hosting", "completed; stopping the host", 3003, "GroupCompletedStoppingHost"),
        ];
        foreach (var (category, text, id, name) in expected)
        {
            var entry = provider.Single(category, text);
            Assert.Equal((id, name), (entry.EventId.Id, entry.EventId.Name));
        }

        Assert.True(expected.Length == provider.Library.Count(), provider.ToString());
    });

    [Fact]
    public void The_hostings_own_kinds_of_line_each_have_an_event_id_and_a_name_of_their_own_from_3001()
    {
        var kinds = typeof(HostingLogLines).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(m => (Method: m.Name, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(k => k.Attribute is not null)
            .ToList();

        Assert.Equal(6, kinds.Count);
        Assert.All(kinds, k => Assert.InRange(k.Attribute!.EventId, 3001, 3999));
        Assert.Equal(kinds.Count, kinds.Select(k => k.Attribute!.EventId).Distinct().Count());
        // The event's name is the method's: the generator's default.
        Assert.All(kinds, k => Assert.Null(k.Attribute!.EventName));
    }

    [Theory]
    [InlineData("configuration")]
    [InlineData("AddFilter")]
    public Task A_filter_on_the_AkkaRunGroup_prefix_at_Warning_drops_the_Info_lines_and_keeps_the_others(string how) => TestHost.PreservingExitCode(async () =>
    {
        var provider = new CapturingLoggerProvider();
        using (var host = BuildHost(
            provider,
            group => group
                .Add(() => new InvalidOperationException("db down"), _ => { }, "db")
                .Add(token => Task.Delay(Timeout.Infinite, token), _ => throw new InvalidOperationException("cannot stop"), "api"),
            builder =>
            {
                if (how == "configuration")
                {
                    // What "Logging": { "LogLevel": { "AkkaRunGroup": "Warning" } } in appsettings.json says.
                    builder.Configuration.AddInMemoryCollection([new("Logging:LogLevel:AkkaRunGroup", "Warning")]);
                }
                else
                {
                    builder.Logging.AddFilter("AkkaRunGroup", LogLevel.Warning);
                }
            }))
        {
            await host.RunAsync().Bounded();
        }

        Assert.DoesNotContain(provider.Library, e => e.Level < LogLevel.Warning);
        Assert.Equal(LogLevel.Warning, provider.Single("AkkaRunGroup.RunGroup", "the interrupt of member 'api' threw").Level);
        Assert.Equal(LogLevel.Error, provider.Single("AkkaRunGroup.Hosting", "failed; exit code 1").Level);
    });

    [Fact]
    public Task Akka_loglevel_gates_the_groups_lines_as_it_gates_Akkas_own() => TestHost.PreservingExitCode(async () =>
    {
        var provider = new CapturingLoggerProvider();
        using (var host = BuildHost(
            provider,
            group => group.Add(() => new InvalidOperationException("db down"), _ => { }, "db"),
            akka: akka => akka.AddHocon("akka.loglevel = WARNING", HoconAddMode.Prepend)))
        {
            await host.RunAsync().Bounded();
        }

        Assert.DoesNotContain(provider.Library, e => e.Level < LogLevel.Warning);
        Assert.Equal(LogLevel.Error, provider.Single("AkkaRunGroup.Hosting", "failed; exit code 1").Level);
    });

    [Fact]
    public async Task Who_stopped_the_group_and_how_the_run_ended_reach_ILogger_in_200_hosted_runs_in_a_row()
    {
        const int runs = 200;
        var missing = new List<string>();
        var clock = Stopwatch.StartNew();
        for (var run = 0; run < runs; run++)
        {
            var provider = new CapturingLoggerProvider();
            using (var host = BuildHost(provider, group => group.Add(_ => Task.CompletedTask, name: "quick")))
            {
                await host.RunAsync().Bounded();
            }

            missing.AddRange(Missing(
                run,
                provider,
                "Run group 'logged': member 'quick' exited first cleanly",
                "Run group 'logged' completed in",
                "Hosted run group 'logged' completed; stopping the host"));
        }

        output.WriteLine($"MEASURED {runs} hosted runs, each a host built, run until its group completed, and disposed: {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Empty(missing);
    }

    [Fact]
    public async Task Who_stopped_the_group_and_how_the_run_ended_reach_ILogger_in_100_hosts_stopped_from_outside_in_a_row()
    {
        const int runs = 100;
        var missing = new List<string>();
        var clock = Stopwatch.StartNew();
        for (var run = 0; run < runs; run++)
        {
            var provider = new CapturingLoggerProvider();
            using (var host = BuildHost(provider, group => group.Add(token => Task.Delay(Timeout.Infinite, token), name: "waiter")))
            {
                await host.StartAsync().Bounded();
                await host.Services.GetRunGroup("logged").Started.Bounded();
                await host.StopAsync().Bounded();
            }

            missing.AddRange(Missing(
                run,
                provider,
                "Run group 'logged' interrupted from outside with OperationCanceledException: The host is stopping.",
                "Run group 'logged' completed in",
                "Hosted run group 'logged' completed; stopping the host"));
        }

        output.WriteLine($"MEASURED {runs} hosts stopped from outside, each built, started, stopped and disposed: {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Empty(missing);
    }

    /// <summary>A host whose Akka lines and group lines go to <paramref name="provider"/>, running group <c>logged</c>; <paramref name="more"/> and <paramref name="akka"/> add to the host and the ActorSystem.</summary>
    private static IHost BuildHost(
        CapturingLoggerProvider provider, Action<RunGroup> configure, Action<HostApplicationBuilder>? more = null, Action<AkkaConfigurationBuilder>? akka = null) =>
        TestHost.Build(
            system =>
            {
                system
                    .ConfigureLoggers(loggers =>
                    {
                        loggers.ClearLoggers();
                        loggers.AddLoggerFactory();
                    })
                    .WithRunGroup("logged", (group, _, _) => configure(group));
                akka?.Invoke(system);
            },
            builder =>
            {
                builder.Logging.AddProvider(provider);
                more?.Invoke(builder);
            });

    private static IEnumerable<string> Missing(int run, CapturingLoggerProvider provider, params string[] texts) =>
        texts
            .Where(text => !provider.Library.Any(e => e.Text.Contains(text, StringComparison.Ordinal)))
            .Select(text => $"run {run}: no line contains \"{text}\"; the lines:\n{provider}");
}
