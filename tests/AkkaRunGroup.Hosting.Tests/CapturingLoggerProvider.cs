using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AkkaRunGroup.Hosting.Tests;

/// <summary>An <see cref="ILoggerProvider"/> that keeps every line it is given: its category, level, event id, fields and text.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Capturing(this, categoryName);

    /// <summary>The entries of the library's categories, which all start with <c>AkkaRunGroup</c>.</summary>
    public IEnumerable<Entry> Library => Entries.Where(e => e.Category.StartsWith("AkkaRunGroup", StringComparison.Ordinal));

    /// <summary>The one entry of <paramref name="category"/> whose text contains <paramref name="text"/>.</summary>
    public Entry Single(string category, string text) =>
        Assert.Single(Entries, e => e.Category == category && e.Text.Contains(text, StringComparison.Ordinal));

    public override string ToString() => string.Join("\n", Entries.Select(e => $"{e.Category} {e.Level}: {e.Text}"));

    public void Dispose()
    {
    }

    public sealed record Entry(string Category, LogLevel Level, EventId EventId, string Text, IReadOnlyDictionary<string, object?> Fields, Exception? Exception);

    private sealed class Capturing(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = new Dictionary<string, object?>();
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    fields[key] = value;
                }
            }

            provider.Entries.Enqueue(new Entry(category, logLevel, eventId, formatter(state, exception), fields, exception));
        }
    }
}
