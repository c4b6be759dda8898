using Akka.Actor;
using Akka.Event;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. What the run groups of one ActorSystem share, as an Akka extension (found the way CoordinatedShutdown
/// is): the system's validated settings, the instruments its runs record with, the registry that ties its runs to
/// CoordinatedShutdown, and where its runs' log lines go. Created once per system, on first use, with the library's
/// <c>reference.conf</c> added as the system's top-level fallback.
/// </summary>
/// <remarks>Every member is safe to read from any thread. The settings are read once, not once per run: reading HOCON
/// costs more than a whole small run, and a system's configuration does not change once it is created. Settings that
/// fail validation are never kept, so every run on a misconfigured system throws.</remarks>
internal sealed class RunGroupExtension : IExtension
{
    private static readonly Provider Id = new();

    private readonly ActorSystem _system;
    private RunGroupSettings? _settings;
    private RunTelemetry _telemetry = RunTelemetry.Default;
    private Func<string, ILoggingAdapter>? _loggers;

    private RunGroupExtension(ExtendedActorSystem system)
    {
        _system = system;
        // Whatever keys the system's own configuration names: the library also looks up keys no user sets (the lean
        // mailbox of its actors), which must resolve even when every user-facing key is overridden.
        system.Settings.InjectTopLevelFallback(RunGroupSettings.DefaultConfig());
        Shutdown = new ShutdownRegistry(system);
    }

    /// <summary>The extension of <paramref name="system"/>, created on first use.</summary>
    public static RunGroupExtension Get(ActorSystem system) =>
        (RunGroupExtension?)system.GetExtension(Id) ?? (RunGroupExtension)system.RegisterExtension(Id);

    /// <summary>The system's validated settings (<see cref="RunGroupSettings.Create(ActorSystem)"/>), read on first use.</summary>
    /// <exception cref="Akka.Configuration.ConfigurationException">A key holds a value that is not valid.</exception>
    public RunGroupSettings Settings => Volatile.Read(ref _settings) ?? ReadSettings();

    /// <summary>The instruments the system's runs record with: <see cref="RunTelemetry.Default"/> unless a meter factory was given.</summary>
    public RunTelemetry Telemetry
    {
        get => Volatile.Read(ref _telemetry);
        set => Volatile.Write(ref _telemetry, value);
    }

    /// <summary>The registry of the system's top-level runs for its CoordinatedShutdown.</summary>
    public ShutdownRegistry Shutdown { get; }

    /// <summary>Creates the loggers of the system's run groups, one per category; null: Akka's logging (see <see cref="RunGroupLogging"/>).</summary>
    public Func<string, ILoggingAdapter>? Loggers
    {
        get => Volatile.Read(ref _loggers);
        set => Volatile.Write(ref _loggers, value);
    }

    /// <remarks>Two threads may both read them at first use: either result serves, both are the same settings.</remarks>
    private RunGroupSettings ReadSettings()
    {
        var settings = RunGroupSettings.Create(_system);
        Volatile.Write(ref _settings, settings);
        return settings;
    }

    private sealed class Provider : ExtensionIdProvider<RunGroupExtension>
    {
        public override RunGroupExtension CreateExtension(ExtendedActorSystem system) => new(system);
    }
}
