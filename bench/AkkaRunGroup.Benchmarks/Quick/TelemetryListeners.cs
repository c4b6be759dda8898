using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AkkaRunGroup.Benchmarks.Quick;

/// <summary>
/// The listeners of the <c>--quick-telemetry</c> mode: a <see cref="MeterListener"/> on every instrument of the meter
/// <see cref="RunGroupTelemetry.MeterName"/> and an <see cref="ActivityListener"/> that samples every shutdown
/// activity with all its data. Each only counts what it receives, so that the report shows what recording costs the
/// library once someone listens, not what an exporter's aggregation costs.
/// </summary>
internal sealed class TelemetryListeners : IDisposable
{
    private readonly MeterListener _meters = new();
    private readonly ActivityListener _activities;
    private long _measurements;
    private long _stopped;

    public TelemetryListeners()
    {
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RunGroupTelemetry.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((_, _, _, _) => Interlocked.Increment(ref _measurements));
        _meters.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _measurements));
        _meters.Start();
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RunGroupTelemetry.ActivitySourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _ => Interlocked.Increment(ref _stopped),
        };
        ActivitySource.AddActivityListener(_activities);
    }

    /// <summary>What the listeners received so far.</summary>
    public string Report() => $"telemetry listeners received {Volatile.Read(ref _measurements):N0} measurements and {Volatile.Read(ref _stopped):N0} shutdown activities";

    public void Dispose()
    {
        _meters.Dispose();
        _activities.Dispose();
    }
}
