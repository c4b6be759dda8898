using AkkaRunGroup.Samples;

namespace ClusterService;

/// <summary>
/// How long each step of a stop may take, read from the <c>Shutdown</c> section of appsettings.json (the one place
/// that states them; tests and the Kubernetes manifest are checked against it). A SIGTERM runs the steps in this
/// order: the drain (readiness 503), the group's interrupt, then, once Kestrel has stopped, Akka's
/// CoordinatedShutdown: the shard region hands its shards off, the node leaves, exits and shuts its cluster down.
/// </summary>
internal sealed record ShutdownBudget
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Shutdown";

    /// <summary>Readiness fails for this long while everything still serves (<c>--drain-delay</c> overrides it).</summary>
    public required TimeSpan DrainDelay { get; init; }

    /// <summary>How long the interrupted group waits for its members.</summary>
    public required TimeSpan InterruptTimeout { get; init; }

    /// <summary>
    /// CoordinatedShutdown's <c>cluster-sharding-shutdown-region</c> phase, and <c>akka.cluster.sharding.handoff-timeout</c>:
    /// how long the node's shards may take to stop and be handed to the coordinator.
    /// </summary>
    public required TimeSpan ShardHandOff { get; init; }

    /// <summary>The <c>cluster-leave</c> phase: the node asks to leave.</summary>
    public required TimeSpan ClusterLeave { get; init; }

    /// <summary>The <c>cluster-exiting</c> phase: the node waits to be Exiting; singletons hand over.</summary>
    public required TimeSpan ClusterExiting { get; init; }

    /// <summary>The <c>cluster-exiting-done</c> phase: the Exiting status has reached the other nodes.</summary>
    public required TimeSpan ClusterExitingDone { get; init; }

    /// <summary>The <c>cluster-shutdown</c> phase: the node's cluster daemon stops.</summary>
    public required TimeSpan ClusterShutdown { get; init; }

    /// <summary><c>HostOptions.ShutdownTimeout</c>: at least <see cref="Total"/>.</summary>
    public required TimeSpan HostShutdownTimeout { get; init; }

    /// <summary>The hand-off and leave: the CoordinatedShutdown phases this budget sets.</summary>
    public TimeSpan LeaveBudget => ShardHandOff + ClusterLeave + ClusterExiting + ClusterExitingDone + ClusterShutdown;

    /// <summary>The longest a stop may take: the drain, the interrupt, the hand-off and the leave.</summary>
    public TimeSpan Total => DrainDelay + InterruptTimeout + LeaveBudget;

    /// <summary>Reads the budget; <paramref name="drainDelay"/>, when given, replaces the configured drain.</summary>
    /// <exception cref="InvalidOperationException">A value is missing or not a duration, or the host's timeout does not cover the sum.</exception>
    public static ShutdownBudget Read(IConfiguration configuration, TimeSpan? drainDelay)
    {
        var section = configuration.GetSection(Section);
        var budget = new ShutdownBudget
        {
            DrainDelay = drainDelay ?? WebSample.Duration(section, nameof(DrainDelay)),
            InterruptTimeout = WebSample.Duration(section, nameof(InterruptTimeout)),
            ShardHandOff = WebSample.Duration(section, nameof(ShardHandOff)),
            ClusterLeave = WebSample.Duration(section, nameof(ClusterLeave)),
            ClusterExiting = WebSample.Duration(section, nameof(ClusterExiting)),
            ClusterExitingDone = WebSample.Duration(section, nameof(ClusterExitingDone)),
            ClusterShutdown = WebSample.Duration(section, nameof(ClusterShutdown)),
            HostShutdownTimeout = WebSample.Duration(section, nameof(HostShutdownTimeout)),
        };
        return budget.HostShutdownTimeout >= budget.Total
            ? budget
            : throw new InvalidOperationException(
                $"{Section}:{nameof(HostShutdownTimeout)} ({Seconds(budget.HostShutdownTimeout)}) must cover the drain ({Seconds(budget.DrainDelay)}), " +
                $"the interrupt ({Seconds(budget.InterruptTimeout)}) and the hand-off and leave ({Seconds(budget.LeaveBudget)}): {Seconds(budget.Total)}; " +
                $"raise it in appsettings.json or with the environment variable {Section}__{nameof(HostShutdownTimeout)}");
    }

    /// <summary>The CoordinatedShutdown phase timeouts and the sharding hand-off timeout, as HOCON.</summary>
    public string ToHocon() => $$"""
        akka.cluster.sharding.handoff-timeout = {{Hocon(ShardHandOff)}}
        akka.coordinated-shutdown.phases {
          cluster-sharding-shutdown-region.timeout = {{Hocon(ShardHandOff)}}
          cluster-leave.timeout = {{Hocon(ClusterLeave)}}
          cluster-exiting.timeout = {{Hocon(ClusterExiting)}}
          cluster-exiting-done.timeout = {{Hocon(ClusterExitingDone)}}
          cluster-shutdown.timeout = {{Hocon(ClusterShutdown)}}
        }
        """;

    private static string Hocon(TimeSpan value) => $"{(long)value.TotalMilliseconds}ms";

    private static string Seconds(TimeSpan value) => $"{value.TotalSeconds:0.###} s";
}
