using Akka.Actor;
using Akka.Configuration;

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
    private const string ExpectedTimeout = "a positive duration such as 30s, or infinite";

    private static readonly Lazy<Config> Reference = new(LoadReference);

    private RunGroupSettings(TimeSpan interruptTimeout, string dispatcher)
    {
        InterruptTimeout = interruptTimeout;
        Dispatcher = dispatcher;
    }

    /// <summary>
    /// How long an interrupted group waits for its members to exit and their interrupts to return.
    /// When it elapses, the run completes and the members still running are reported as abandoned.
    /// </summary>
    /// <value><see cref="Timeout.InfiniteTimeSpan"/> (key <c>interrupt-timeout = infinite</c>): wait as long as it takes.</value>
    public TimeSpan InterruptTimeout { get; }

    /// <summary>The dispatcher of the GroupSupervisor and the member actors the library creates.</summary>
    /// <value>An empty string (key <c>use-dispatcher = ""</c>): Akka's default dispatcher.</value>
    public string Dispatcher { get; }

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
        var config = system.Settings.Config;
        if (!config.HasPath(InterruptTimeoutKey) || !config.HasPath(DispatcherKey))
        {
            system.Settings.InjectTopLevelFallback(DefaultConfig());
            config = system.Settings.Config;
        }

        var settings = Create(config);
        if (settings.Dispatcher.Length > 0 && !system.Dispatchers.HasDispatcher(settings.Dispatcher))
        {
            throw new ConfigurationException(
                $"{DispatcherKey} = \"{settings.Dispatcher}\" names no dispatcher configured in ActorSystem '{system.Name}'.");
        }

        return settings;
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
        return new RunGroupSettings(ReadInterruptTimeout(merged), ReadString(merged, DispatcherKey));
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
