using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace AkkaRunGroup.ClusterService.Tests;

/// <summary>
/// One clock for a whole scenario: the harness's events and every node's output lines are stamped with the seconds
/// since it started, so that what the harness did and what a node printed can be read side by side.
/// </summary>
/// <remarks>Any thread may stamp and note; the notes are read once the scenario is over.</remarks>
public sealed class Timeline
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<string> _notes = new();

    /// <summary>The time since the scenario started.</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>The scenario time as printed: seconds with milliseconds.</summary>
    public string Stamp() => Now.TotalSeconds.ToString("000.000", CultureInfo.InvariantCulture);

    /// <summary>Records a harness event, stamped.</summary>
    public void Note(string text) => _notes.Enqueue($"[{Stamp()}] {text}");

    /// <summary>Every event noted so far, in order.</summary>
    public IReadOnlyList<string> Notes => [.. _notes];
}
