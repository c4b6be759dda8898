using System.Collections.Concurrent;
using Akka.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AkkaRunGroup.Hosting.Tests;

/// <summary>A hosted group's Akka log lines reach the host's ILogger through Akka.Hosting's logger configuration.</summary>
public sealed class LoggingTests
{
    private sealed class CollectingProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Collector(this);

        public void Dispose()
        {
        }

        private sealed class Collector(CollectingProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                provider.Lines.Enqueue(formatter(state, exception));
        }
    }

    [Fact]
    public async Task The_groups_log_lines_flow_to_ILogger()
    {
        var provider = new CollectingProvider();
        using var host = TestHost.Build(
            akka => akka
                .ConfigureLoggers(loggers =>
                {
                    loggers.ClearLoggers();
                    loggers.AddLoggerFactory();
                })
                .WithRunGroup(new RunGroupHostingOptions
                {
                    Name = "logged",
                    Configure = (group, _, _) => group.Add(_ => Task.CompletedTask, name: "quick"),
                    // The host keeps running, and so does Akka's logger actor, until the test has seen the lines: a
                    // line logged as the ActorSystem terminates can be dropped before it reaches ILogger.
                    StopHostOnCompletion = false,
                }),
            builder => builder.Logging.AddProvider(provider));

        await host.StartAsync().Bounded();
        await host.Services.GetRunGroup("logged").Completion.Bounded();

        // The lines reach ILogger through Akka's logger actor: on a loaded machine they may arrive a moment later.
        await AwaitLineAsync(provider, "Run group 'logged': member 'quick' exited first cleanly");
        await AwaitLineAsync(provider, "Run group 'logged' completed in");
        await host.StopAsync().Bounded();
    }

    private static async Task AwaitLineAsync(CollectingProvider provider, string text)
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (!provider.Lines.Any(l => l.Contains(text)) && deadline.Elapsed < TestHost.Bound)
        {
            await Task.Delay(20);
        }

        Assert.True(provider.Lines.Any(l => l.Contains(text)), $"No line contains \"{text}\"; the lines:\n{string.Join("\n", provider.Lines)}");
    }
}
