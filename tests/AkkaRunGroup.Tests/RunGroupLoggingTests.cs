using System.Collections.Concurrent;
using Akka.Event;
using Xunit.Abstractions;

namespace AkkaRunGroup.Tests;

/// <summary>The log lines' category, their named fields, and where <see cref="RunGroupLogging"/> sends them.</summary>
public sealed class RunGroupLoggingTests(ITestOutputHelper output) : RunGroupTestKit(output)
{
    [Fact]
    public async Task A_runs_lines_have_the_library_category_as_log_source_and_named_fields()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(Info));

        await FailingGroup("fielded").RunAsync(Sys).Bounded();

        var firstExit = ExpectLine(probe, "exited first");
        Assert.Equal("AkkaRunGroup.RunGroup", firstExit.LogSource);
        Assert.Equal("Run group '{Group}': member '{Member}' exited first with {Error}; interrupting {MemberCount} members", firstExit.GetTemplate());
        Assert.Equal("Run group 'fielded': member 'db' exited first with InvalidOperationException: db down; interrupting 2 members", firstExit.Message.ToString());
        Assert.True(firstExit.TryGetProperties(out var fields));
        Assert.Equal("fielded", fields!["Group"]);
        Assert.Equal("db", fields["Member"]);
        Assert.Equal("InvalidOperationException: db down", fields["Error"]);
        Assert.Equal(2, fields["MemberCount"]);
        // Akka's loggers print the text; the event id is on the message, for a logger that looks.
        var message = Assert.IsType<RunGroupLogMessage>(firstExit.Message);
        Assert.Equal((1001, "FirstExit"), (message.EventId, message.EventName));

        var completed = ExpectLine(probe, "completed in");
        Assert.True(completed.TryGetProperties(out var ending));
        Assert.Equal(["ElapsedMs", "Group", "Result"], ending!.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith("run group 'fielded': 'db' exited first with InvalidOperationException: db down", (string)ending["Result"]);
    }

    [Fact]
    public async Task A_clean_exit_has_no_error_field()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(Info));
        var group = new RunGroup("clean")
            .Add(_ => Task.CompletedTask, name: "quick")
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "api");

        await group.RunAsync(Sys).Bounded();

        var firstExit = ExpectLine(probe, "exited first");
        Assert.Equal("Run group 'clean': member 'quick' exited first cleanly; interrupting 2 members", firstExit.Message.ToString());
        Assert.True(firstExit.TryGetProperties(out var fields));
        Assert.False(fields!.ContainsKey("Error"));
    }

    [Fact]
    public async Task The_lines_read_plainly_on_a_system_whose_formatter_knows_only_positional_placeholders()
    {
        using var system = ActorSystem.Create(
            "positional", "akka.loglevel = INFO\nakka.logger-formatter = \"Akka.Event.DefaultLogMessageFormatter, Akka\"");
        var probe = CreateTestProbe(system);
        system.EventStream.Subscribe(probe.Ref, typeof(Info));

        await FailingGroup("plain").RunAsync(system).Bounded();

        var firstExit = ExpectLine(probe, "exited first");
        Assert.Equal("Run group 'plain': member 'db' exited first with InvalidOperationException: db down; interrupting 2 members", firstExit.Message.ToString());
        await system.Terminate().Bounded();
    }

    [Fact]
    public async Task UseLoggers_sends_every_line_to_the_given_loggers_before_the_run_completes()
    {
        var lines = new ConcurrentQueue<(string Category, LogLevel Level, string Text)>();
        RunGroupLogging.UseLoggers(Sys, category => new CollectingAdapter(category, lines));
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(Info));

        await FailingGroup("redirected").RunAsync(Sys).Bounded();

        // Written synchronously: the completion line is there the moment the run's task has completed.
        Assert.Contains(lines, l => l is { Category: "AkkaRunGroup.RunGroup", Level: LogLevel.InfoLevel } && l.Text.StartsWith("Run group 'redirected' completed in"));
        Assert.Contains(lines, l => l.Text == "Run group 'redirected': member 'db' exited first with InvalidOperationException: db down; interrupting 2 members");
        // And not also through Akka's logging: a line published there during the run would reach the probe before this one.
        Sys.EventStream.Publish(new Info("test", GetType(), "end of run"));
        for (var e = probe.ExpectMsg<Info>(Bound); e.Message as string != "end of run"; e = probe.ExpectMsg<Info>(Bound))
        {
            Assert.DoesNotContain("AkkaRunGroup", e.LogSource);
        }
    }

    private static RunGroup FailingGroup(string name) =>
        new RunGroup(name)
            .Add(() => new InvalidOperationException("db down"), _ => { }, "db")
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "api");

    private LogEvent ExpectLine(Akka.TestKit.TestProbe probe, string contains) =>
        probe.FishForMessage<Info>(e => e.Message.ToString()!.Contains(contains), Bound);

    private sealed class CollectingAdapter(string category, ConcurrentQueue<(string, LogLevel, string)> lines)
        : LoggingAdapterBase(SemanticLogMessageFormatter.Instance)
    {
        public override bool IsDebugEnabled => true;

        public override bool IsInfoEnabled => true;

        public override bool IsWarningEnabled => true;

        public override bool IsErrorEnabled => true;

        protected override void NotifyLog(LogLevel logLevel, object message, Exception? cause = null) =>
            lines.Enqueue((category, logLevel, message.ToString()!));
    }
}
