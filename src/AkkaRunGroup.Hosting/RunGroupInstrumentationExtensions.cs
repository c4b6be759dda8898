using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AkkaRunGroup.Hosting;

/// <summary>Registers the metrics and traces of run groups with OpenTelemetry.</summary>
/// <remarks>
/// Every run records whether or not these are called: they only tell an OpenTelemetry provider to collect the meter
/// and the activity source named <see cref="RunGroupTelemetry.MeterName"/> and
/// <see cref="RunGroupTelemetry.ActivitySourceName"/>. Groups run with <c>WithRunGroup</c> record with the host's
/// <see cref="System.Diagnostics.Metrics.IMeterFactory"/>; others with a static meter of the same name, which the
/// provider collects too.
/// </remarks>
public static class RunGroupInstrumentationExtensions
{
    /// <summary>Collects the run groups' metrics: adds the meter <see cref="RunGroupTelemetry.MeterName"/>.</summary>
    /// <param name="builder">The OpenTelemetry metrics builder.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static MeterProviderBuilder AddRunGroupInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter(RunGroupTelemetry.MeterName);
    }

    /// <summary>
    /// Collects the run groups' shutdown activities: adds the activity source <see cref="RunGroupTelemetry.ActivitySourceName"/>.
    /// </summary>
    /// <param name="builder">The OpenTelemetry tracing builder.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static TracerProviderBuilder AddRunGroupInstrumentation(this TracerProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddSource(RunGroupTelemetry.ActivitySourceName);
    }
}
