using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using AkkaRunGroup.Internal;

namespace AkkaRunGroup;

/// <summary>
/// The settings every run group reads from the <c>akka.run-group</c> section of its ActorSystem's configuration.
/// </summary>
/// <remarks>
/// The defaults live in the library's embedded <c>reference.conf</c> (see <see cref="DefaultConfig"/>); a configuration
/// only has to name the keys it changes. Values are validated once, when the settings are created.
/// </remarks>
public sealed record RunGroupSettings
{
    private const string Section = "akka.run-group";
    private const string InterruptTimeoutKey = Section + ".interrupt-timeout";
    private const string DispatcherKey = Section + ".use-dispatcher";
    private const string InterruptOrderKey = Section + ".interrupt-order";
    private const string StartOrderKey = Section + ".start-order";
    private const string PhaseKey = Section + ".coordinated-shutdown.phase";
    private const string RunOnExitKey = Section + ".coordinated-shutdown.run-on-exit";
    private const string DrainDelayKey = Section + ".drain-delay";
    private const string ExpectedTimeout = "a positive duration such as 30s, or infinite";

    private static readonly Lazy<Config> Reference = new(LoadReference);

    private RunGroupSettings(
        TimeSpan interruptTimeout,
        string dispatcher,
        InterruptOrder interruptOrder,
        StartOrder startOrder,
        string coordinatedShutdownPhase,
        bool runCoordinatedShutdownOnExit,
        TimeSpan drainDelay)
    {
        InterruptTimeout = interruptTimeout;
        DrainDelay = drainDelay;
        Dispatcher = dispatcher;
        InterruptOrder = interruptOrder;
        StartOrder = startOrder;
        CoordinatedShutdownPhase = coordinatedShutdownPhase;
        RunCoordinatedShutdownOnExit = runCoordinatedShutdownOnExit;
    }

    /// <summary>
    /// How long an interrupted group waits for its members to exit and their interrupts to return.
    /// When it elapses, the run completes and the members still running are reported as abandoned.
    /// </summary>
    /// <value><see cref="Timeout.InfiniteTimeSpan"/> (key <c>interrupt-timeout = infinite</c>): wait as long as it takes.</value>
    public TimeSpan InterruptTimeout { get; }

    /// <summary>
    /// How long a group stopped from outside (an outside interrupt, a signal, CoordinatedShutdown, a stopping host)
    /// stays <see cref="RunGroupPhase.Draining"/> before it interrupts its members; a group's own
    /// <c>WithDrainDelay</c> wins. A member's own exit never drains.
    /// </summary>
    /// <value><see cref="TimeSpan.Zero"/> (key <c>drain-delay = 0s</c>): the group is interrupted at once.</value>
    public TimeSpan DrainDelay { get; }

    /// <summary>How an interrupted group calls its members' interrupts; a group's own <c>WithInterruptOrder</c> wins.</summary>
    /// <value><see cref="AkkaRunGroup.InterruptOrder.Concurrent"/> (key <c>interrupt-order = concurrent</c>).</value>
    public InterruptOrder InterruptOrder { get; }

    /// <summary>How a group starts its members; a group's own <c>WithStartOrder</c> wins.</summary>
    /// <value><see cref="AkkaRunGroup.StartOrder.Concurrent"/> (key <c>start-order = concurrent</c>).</value>
    public StartOrder StartOrder { get; }

    /// <summary>The dispatcher of the GroupSupervisor and the member actors the library creates.</summary>
    /// <value>An empty string (key <c>use-dispatcher = ""</c>): Akka's default dispatcher.</value>
    public string Dispatcher { get; }

    /// <summary>
    /// The CoordinatedShutdown phase in which a running group is interrupted with a
    /// <see cref="CoordinatedShutdownException"/> and awaited, bounded by the phase's timeout.
    /// </summary>
    /// <value><c>before-service-unbind</c> (key <c>coordinated-shutdown.phase</c>), the first phase of a shutdown.</value>
    public string CoordinatedShutdownPhase { get; }

    /// <summary>Whether a group that completes runs CoordinatedShutdown on its ActorSystem.</summary>
    /// <value>False (key <c>coordinated-shutdown.run-on-exit = off</c>): the ActorSystem outlives its groups.</value>
    public bool RunCoordinatedShutdownOnExit { get; }

    /// <summary>
    /// Whether the group's actors run on the .NET thread pool (a <c>Dispatcher</c> with the default or thread-pool
    /// executor): then an async member's interrupt may run on its member actor's thread. Known only for settings read
    /// from an ActorSystem.
    /// </summary>
    internal bool MembersOnThreadPool { get; private set; }

    /// <summary>The library's embedded <c>reference.conf</c>: the default of every <c>akka.run-group</c> key.</summary>
    /// <returns>The parsed reference configuration; the same instance on every call.</returns>
    public static Config DefaultConfig() => Reference.Value;

    /// <summary>
    /// Reads the settings of <paramref name="system"/>, after adding <see cref="DefaultConfig"/> as its top-level
    /// fallback so that keys the system's configuration does not name take their defaults.
    /// </summary>
    /// <param name="system">The ActorSystem whose configuration is read.</param>
    /// <returns>The validated settings.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="system"/> is null.</exception>
    /// <exception cref="ConfigurationException">A key holds a value that is not valid; the message names the key.</exception>
    public static RunGroupSettings Create(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        // The system's extension adds the library's reference.conf as the system's top-level fallback, once.
        RunGroupExtension.Get(system);
        var config = system.Settings.Config;

        var settings = Create(config);
        if (settings.Dispatcher.Length > 0 && !system.Dispatchers.HasDispatcher(settings.Dispatcher))
        {
            throw new ConfigurationException(
                $"{DispatcherKey} = \"{settings.Dispatcher}\" names no dispatcher configured in ActorSystem '{system.Name}'.");
        }

        ValidatePhase(system, settings.CoordinatedShutdownPhase);
        // Set on the new instance, before anyone else holds it.
        settings.MembersOnThreadPool = RunsOnThreadPool(system, settings.Dispatcher);
        return settings;
    }

    private static bool RunsOnThreadPool(ActorSystem system, string dispatcher)
    {
        var config = system.Dispatchers.Lookup(dispatcher.Length == 0 ? Dispatchers.DefaultDispatcherId : dispatcher).Configurator.Config;
        var type = config.GetString("type", "Dispatcher");
        var executor = config.GetString("executor", "default-executor");
        return type == "Dispatcher" && executor is "default-executor" or "thread-pool-executor";
    }

    private static void ValidatePhase(ActorSystem system, string phase)
    {
        try
        {
            // Timeout throws for a phase CoordinatedShutdown does not know.
            _ = CoordinatedShutdown.Get(system).Timeout(phase);
        }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException)
        {
            throw new ConfigurationException(
                $"{PhaseKey} = \"{phase}\" names no phase of akka.coordinated-shutdown.phases in ActorSystem '{system.Name}'.", e);
        }
    }

    /// <summary>Reads the settings from <paramref name="config"/>, falling back to <see cref="DefaultConfig"/>.</summary>
    /// <param name="config">A configuration holding (some of) the <c>akka.run-group</c> keys.</param>
    /// <returns>The validated settings.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="config"/> is null.</exception>
    /// <exception cref="ConfigurationException">A key holds a value that is not valid; the message names the key.</exception>
    public static RunGroupSettings Create(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var merged = config.WithFallback(DefaultConfig());
        var phase = ReadString(merged, PhaseKey).Trim();
        if (phase.Length == 0)
        {
            throw Invalid(PhaseKey, "\"\"", "the name of a CoordinatedShutdown phase", null);
        }

        return new RunGroupSettings(
            ReadInterruptTimeout(merged),
            ReadString(merged, DispatcherKey),
            ReadInterruptOrder(merged),
            ReadStartOrder(merged),
            phase,
            ReadBool(merged, RunOnExitKey),
            ReadDrainDelay(merged));
    }

    private static TimeSpan ReadDrainDelay(Config config)
    {
        const string expected = "a duration from 0s up to 1d, such as 5s";
        var raw = ReadString(config, DrainDelayKey).Trim();
        TimeSpan value;
        try
        {
            value = config.GetTimeSpan(DrainDelayKey, allowInfinite: false);
        }
        catch (Exception e)
        {
            throw Invalid(DrainDelayKey, raw, expected, e);
        }

        if (value < TimeSpan.Zero || value > RunGroup.LongestDrainDelay)
        {
            throw Invalid(DrainDelayKey, raw, expected, null);
        }

        return value;
    }

    private static TimeSpan ReadInterruptTimeout(Config config)
    {
        var raw = ReadString(config, InterruptTimeoutKey).Trim();
        if (raw.Equals("infinite", StringComparison.OrdinalIgnoreCase))
        {
            return Timeout.InfiniteTimeSpan;
        }

        TimeSpan value;
        try
        {
            value = config.GetTimeSpan(InterruptTimeoutKey, allowInfinite: false);
        }
        catch (Exception e)
        {
            throw Invalid(InterruptTimeoutKey, raw, ExpectedTimeout, e);
        }

        if (value <= TimeSpan.Zero)
        {
            throw Invalid(InterruptTimeoutKey, raw, ExpectedTimeout, null);
        }

        return value;
    }

    private static InterruptOrder ReadInterruptOrder(Config config)
    {
        var raw = ReadString(config, InterruptOrderKey).Trim();
        return raw.ToLowerInvariant() switch
        {
            "concurrent" => InterruptOrder.Concurrent,
            "reverse" => InterruptOrder.Reverse,
            _ => throw Invalid(InterruptOrderKey, raw, "concurrent or reverse", null),
        };
    }

    private static StartOrder ReadStartOrder(Config config)
    {
        var raw = ReadString(config, StartOrderKey).Trim();
        return raw.ToLowerInvariant() switch
        {
            "concurrent" => StartOrder.Concurrent,
            "sequential" => StartOrder.Sequential,
            _ => throw Invalid(StartOrderKey, raw, "concurrent or sequential", null),
        };
    }

    private static string ReadString(Config config, string key)
    {
        // GetString gives null for an object value, which would silently read as the default.
        if (config.GetValue(key) is { } value && !value.IsString())
        {
            throw Invalid(key, "(not a string)", "a string", null);
        }

        try
        {
            return config.GetString(key) ?? "";
        }
        catch (Exception e)
        {
            throw Invalid(key, "(not a string)", "a string", e);
        }
    }

    private static bool ReadBool(Config config, string key)
    {
        var raw = ReadString(config, key).Trim();
        return raw.ToLowerInvariant() switch
        {
            "on" or "true" or "yes" => true,
            "off" or "false" or "no" => false,
            _ => throw Invalid(key, raw, "on or off", null),
        };
    }

    private static ConfigurationException Invalid(string key, string raw, string expected, Exception? cause) =>
        new($"{key} = {raw} is not valid: expected {expected}.", cause);

    private static Config LoadReference()
    {
        using var stream = typeof(RunGroupSettings).Assembly.GetManifestResourceStream("AkkaRunGroup.reference.conf")
            ?? throw new InvalidOperationException("The embedded resource AkkaRunGroup.reference.conf is missing.");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
