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
    private const string LeaveTimeoutKey = Section + ".leave-timeout";

    private ClusterMemberSettings(TimeSpan joinTimeout, TimeSpan leaveTimeout)
    {
        JoinTimeout = joinTimeout;
        LeaveTimeout = leaveTimeout;
    }

    /// <summary>How long a cluster member waits, from its start, for its node to be Up.</summary>
    /// <value>60 s (key <c>join-timeout</c>).</value>
    public TimeSpan JoinTimeout { get; }

    /// <summary>How long an interrupted cluster member waits for its node to leave the cluster.</summary>
    /// <value>30 s (key <c>leave-timeout</c>).</value>
    public TimeSpan LeaveTimeout { get; }

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
        return new ClusterMemberSettings(ReadPositive(merged, JoinTimeoutKey), ReadPositive(merged, LeaveTimeoutKey));
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

    private static ConfigurationException Invalid(string key, string raw, Exception? cause) =>
        new($"{key} = {raw} is not valid: expected a positive duration such as 30s.", cause);
}
