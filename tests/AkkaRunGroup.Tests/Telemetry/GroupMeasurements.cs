using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace AkkaRunGroup.Tests.Telemetry;

/// <summary>
/// A <see cref="MeterListener"/> on the meter <see cref="RunGroupTelemetry.MeterName"/> that keeps the measurements
/// of the groups it is given. Tests run in parallel in one process, and every meter of the process is seen: a test
/// names its groups uniquely and reads only theirs.
/// </summary>
public sealed class GroupMeasurements : IDisposable
{
    public const string GroupTag = "akka.run_group.name";
    public const string MemberTag = "akka.run_group.member.name";
    public const string OutcomeTag = "akka.run_group.outcome";
    public const string ErrorTypeTag = "error.type";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();
    private readonly HashSet<string> _groups;

    /// <param name="groups">The names of the groups whose measurements are kept.</param>
    public GroupMeasurements(params string[] groups)
    {
        _groups = [.. groups];
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RunGroupTelemetry.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Keep(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Keep(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>One measurement: the instrument's name and unit, the value and the tags.</summary>
    public sealed record Measurement(string Instrument, string? Unit, double Value, IReadOnlyDictionary<string, object?> Tags)
    {
        public object? this[string tag] => Tags.GetValueOrDefault(tag);

        public string? Group => this[GroupTag] as string;
    }

    /// <summary>The measurements of <paramref name="instrument"/> so far, in the order they were made.</summary>
    public IReadOnlyList<Measurement> Of(string instrument) => [.. _measurements.Where(m => m.Instrument == instrument)];

    /// <summary>The one measurement of <paramref name="instrument"/> for <paramref name="group"/>; fails if there are none or several.</summary>
    public Measurement Single(string instrument, string group) => Assert.Single(Of(instrument), m => m.Group == group);

    /// <summary>
    /// Collects the observable instruments now, as an exporter does at each scrape, and returns what
    /// <paramref name="instrument"/> reported for the groups of this listener in that collection.
    /// </summary>
    public IReadOnlyList<Measurement> Observe(string instrument)
    {
        var before = _measurements.Count;
        lock (_listener)
        {
            _listener.RecordObservableInstruments();
        }

        return [.. _measurements.Skip(before).Where(m => m.Instrument == instrument)];
    }

    /// <summary>The instruments that recorded anything for <paramref name="group"/>.</summary>
    public IReadOnlySet<string> InstrumentsOf(string group) => _measurements.Where(m => m.Group == group).Select(m => m.Instrument).ToHashSet();

    public void Dispose() => _listener.Dispose();

    private void Keep<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        if (copy.GetValueOrDefault(GroupTag) is string group && _groups.Contains(group))
        {
            _measurements.Enqueue(new Measurement(instrument.Name, instrument.Unit, Convert.ToDouble(value), copy));
        }
    }
}
