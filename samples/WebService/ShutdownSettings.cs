using AkkaRunGroup.Samples;

namespace WebService;

/// <summary>
/// How long a stop may take, read from the <c>Shutdown</c> section of appsettings.json, the one place that states it
/// (docs/operations.md and the Kubernetes manifest are checked against it). A SIGTERM drains, then interrupts the group;
/// the host waits for both.
/// </summary>
internal sealed record ShutdownSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Shutdown";

    /// <summary>Readiness fails for this long while every request is still served (<c>--drain-delay</c> overrides it).</summary>
    public required TimeSpan DrainDelay { get; init; }

    /// <summary>How long the interrupted group waits for its members.</summary>
    public required TimeSpan InterruptTimeout { get; init; }

    /// <summary><c>HostOptions.ShutdownTimeout</c>: the drain, then the interrupt.</summary>
    public TimeSpan HostShutdownTimeout => DrainDelay + InterruptTimeout;

    /// <summary>Reads the settings; <paramref name="drainDelay"/>, when given, replaces the configured drain.</summary>
    /// <exception cref="InvalidOperationException">A value is missing or not a duration.</exception>
    public static ShutdownSettings Read(IConfiguration configuration, TimeSpan? drainDelay)
    {
        var section = configuration.GetSection(Section);
        return new ShutdownSettings
        {
            DrainDelay = drainDelay ?? WebSample.Duration(section, nameof(DrainDelay)),
            InterruptTimeout = WebSample.Duration(section, nameof(InterruptTimeout)),
        };
    }
}
