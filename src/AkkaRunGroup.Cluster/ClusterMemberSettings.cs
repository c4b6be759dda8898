using Akka.Actor;
using Akka.Configuration;

namespace AkkaRunGroup.Cluster;

/// <summary>The settings of cluster members, read from <c>akka.run-group.cluster</c>.</summary>
/// <remarks>
/// The defaults live in the core's embedded reference.conf (<see cref="RunGroupSettings.DefaultConfig"/>), used as the
/// fallback of every read. Values are validated when the settings are created.
/// </remarks>
public sealed record ClusterMemberSettings
{
    private const string Section = "akka.run-group.cluster";
    private const string JoinTimeoutKey = Section + ".join-timeout";
    private const string RunShutdownKey = Section + ".run-coordinated-shutdown-when-interrupted";

    private ClusterMemberSettings(TimeSpan joinTimeout, bool runCoordinatedShutdownWhenInterrupted)
    {
        JoinTimeout = joinTimeout;
        RunCoordinatedShutdownWhenInterrupted = runCoordinatedShutdownWhenInterrupted;
    }

    /// <summary>How long a cluster member waits, from its start, for its node to be Up.</summary>
    /// <value>60 s (key <c>join-timeout</c>).</value>
    public TimeSpan JoinTimeout { get; }

    /// <summary>
    /// Whether an interrupted cluster member starts CoordinatedShutdown when it is not running yet. Its phases hand the
    /// node's shards off, then make the node leave the cluster, then terminate the ActorSystem; the member itself
    /// exits at once. Off: the member exits at once and the node leaves when whoever owns the ActorSystem shuts it down.
    /// </summary>
    /// <value>True (key <c>run-coordinated-shutdown-when-interrupted = on</c>); <c>WithRunGroup</c> of
    /// AkkaRunGroup.Hosting turns it off, because Akka.Hosting runs CoordinatedShutdown once the host's other services
    /// have stopped.</value>
    public bool RunCoordinatedShutdownWhenInterrupted { get; }

    /// <summary>Reads the settings from the configuration of <paramref name="system"/>.</summary>
    /// <param name="system">The ActorSystem whose configuration is read.</param>
    /// <returns>The validated settings.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="system"/> is null.</exception>
    /// <exception cref="ConfigurationException">A key holds a value that is not valid; the message names the key.</exception>
    public static ClusterMemberSettings Create(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return Create(system.Settings.Config);
    }

    /// <summary>Reads the settings from <paramref name="config"/>, falling back to <see cref="RunGroupSettings.DefaultConfig"/>.</summary>
    /// <param name="config">A configuration holding (some of) the <c>akka.run-group.cluster</c> keys.</param>
    /// <returns>The validated settings.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="config"/> is null.</exception>
    /// <exception cref="ConfigurationException">A key holds a value that is not valid; the message names the key.</exception>
    public static ClusterMemberSettings Create(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var merged = config.WithFallback(RunGroupSettings.DefaultConfig());
        return new ClusterMemberSettings(ReadPositive(merged, JoinTimeoutKey), ReadOnOff(merged, RunShutdownKey));
    }

    private static TimeSpan ReadPositive(Config config, string key)
    {
        string raw;
        try
        {
            raw = config.GetString(key) ?? "";
        }
        catch (Exception e)
        {
            throw Invalid(key, "(not a string)", e);
        }

        TimeSpan value;
        try
        {
            value = config.GetTimeSpan(key, allowInfinite: false);
        }
        catch (Exception e)
        {
            throw Invalid(key, raw, e);
        }

        return value > TimeSpan.Zero ? value : throw Invalid(key, raw, null);
    }

    private static bool ReadOnOff(Config config, string key)
    {
        var raw = (config.GetString(key) ?? "").Trim();
        return raw.ToLowerInvariant() switch
        {
            "on" or "true" or "yes" => true,
            "off" or "false" or "no" => false,
            _ => throw new ConfigurationException($"{key} = {raw} is not valid: expected on or off."),
        };
    }

    private static ConfigurationException Invalid(string key, string raw, Exception? cause) =>
        new($"{key} = {raw} is not valid: expected a positive duration such as 30s.", cause);
}
