using System.Diagnostics.Metrics;
using Akka.Actor;
using AkkaRunGroup.Internal;

namespace AkkaRunGroup;

/// <summary>
/// The metrics and traces of run groups: the names to listen to, and the meter factory an ActorSystem's runs record
/// with. Every run records, with nothing to configure; a listener (OpenTelemetry, <c>dotnet-counters</c>, a
/// <see cref="MeterListener"/>) decides what is collected, and with none attached recording costs nothing measurable.
/// </summary>
/// <remarks>
/// <para>The instruments, their units and tags, and the shutdown activity are listed in <c>docs/telemetry.md</c>.
/// Tags hold group names, member names and exception type names, never messages: a group of N members makes a
/// bounded number of series, about N per error type its members exit with.</para>
/// <para>A run records with the meter of its ActorSystem: the one made by the factory given to
/// <see cref="UseMeterFactory"/>, else one static <see cref="Meter"/> named <see cref="MeterName"/>. A nested group
/// records with its outermost run's system, under its own group name.</para>
/// </remarks>
public static class RunGroupTelemetry
{
    /// <summary>The name of the <see cref="Meter"/> every run records its metrics with.</summary>
    public const string MeterName = "AkkaRunGroup";

    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> of each run's shutdown activity.</summary>
    public const string ActivitySourceName = "AkkaRunGroup";

    /// <summary>
    /// Makes the runs of <paramref name="system"/> record with a meter created by <paramref name="meterFactory"/>
    /// (named <see cref="MeterName"/>), instead of the static one: the host's <see cref="IMeterFactory"/>, so that
    /// the meter's lifetime and scope are the host's. AkkaRunGroup.Hosting calls it for the system it starts groups in.
    /// </summary>
    /// <param name="system">The ActorSystem whose runs record with the factory's meter.</param>
    /// <param name="meterFactory">The factory; it owns the meter it creates, and disposing it ends the recording.</param>
    /// <remarks>
    /// Runs that start afterwards use the factory's meter; runs already started keep the meter they began with. A
    /// later call replaces the factory. May be called from any thread.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void UseMeterFactory(ActorSystem system, IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(meterFactory);
        RunTelemetry.Use(system, meterFactory);
    }
}
