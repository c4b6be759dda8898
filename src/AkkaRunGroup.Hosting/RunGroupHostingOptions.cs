using Akka.Hosting;
using Microsoft.Extensions.Hosting;

namespace AkkaRunGroup.Hosting;

/// <summary>How <see cref="RunGroupHostingExtensions.WithRunGroup(AkkaConfigurationBuilder, RunGroupHostingOptions)"/> runs a group under the Generic Host.</summary>
public sealed class RunGroupHostingOptions
{
    /// <summary>The group's name: its <see cref="RunGroup.Name"/> and the key of its <see cref="RunGroupHandle"/>.</summary>
    /// <value><c>run-group</c>.</value>
    public string Name { get; set; } = "run-group";

    /// <summary>
    /// Adds the group's members, once the ActorSystem has started and before the group runs, with access to the
    /// host's services and to the actors registered with Akka.Hosting.
    /// </summary>
    /// <value>Null: the group has no members and completes at once (stopping the host, by default).</value>
    public Action<RunGroup, IServiceProvider, IActorRegistry>? Configure { get; set; }

    /// <summary>Whether the host stops (<see cref="IHostApplicationLifetime.StopApplication"/>) when the group completes.</summary>
    /// <value>True: the group is the application, as in a <c>Main</c> that returns when its run group does.</value>
    public bool StopHostOnCompletion { get; set; } = true;

    /// <summary>
    /// Whether <see cref="Environment.ExitCode"/> becomes 1 when the group ended with an error that is not a
    /// <see cref="SignalException"/>, an <see cref="OperationCanceledException"/> (a stopping host included) or a
    /// <see cref="CoordinatedShutdownException"/>. A CoordinatedShutdown that Akka.Cluster ran because the node was
    /// downed (<c>ClusterDowningReason</c>) or could not join (<c>ClusterJoinUnsuccessfulReason</c>) counts as a
    /// failure, so that an orchestrator sees the process fail. A clean return leaves it alone.
    /// </summary>
    /// <value>True.</value>
    public bool SetExitCode { get; set; } = true;

    /// <summary>
    /// How long the interrupted group waits for its members before it abandons them.
    /// </summary>
    /// <value>
    /// Null: <c>akka.run-group.interrupt-timeout</c> when it is finite, otherwise the host's
    /// <c>HostOptions.ShutdownTimeout</c> (30 s by default).
    /// </value>
    public TimeSpan? InterruptTimeout { get; set; }

    /// <summary>
    /// How long the group, stopped from outside (the host stopping, a signal, CoordinatedShutdown, an interrupt),
    /// drains before it interrupts its members: its readiness check fails at once while every member keeps serving.
    /// With <see cref="RunGroupHealthCheckExtensions.AddRunGroupHealthChecks"/>, the host's other services (an
    /// ASP.NET Core server included) keep running during the drain. The drain counts against the host's
    /// <c>HostOptions.ShutdownTimeout</c>: a drain that is not shorter than it fails the group's start.
    /// </summary>
    /// <value>Null: <c>akka.run-group.drain-delay</c> (0 s by default: no drain).</value>
    public TimeSpan? DrainDelay { get; set; }

    /// <summary>
    /// Whether the group registers a readiness and a liveness health check with Akka.Hosting
    /// (<c>WithHealthCheck</c>), named <c>run-group-NAME-ready</c> and <c>run-group-NAME-live</c>.
    /// </summary>
    /// <value>True. The checks run where the app maps them (<c>MapHealthChecks</c>), filtered by their tags.</value>
    public bool HealthChecks { get; set; } = true;

    /// <summary>
    /// The tags of the readiness check, which is Healthy only while the group is <see cref="RunGroupPhase.Running"/>.
    /// <c>ready</c> is also the tag of Akka.Cluster.Hosting's readiness check (<c>WithAkkaClusterReadinessCheck</c>), so
    /// one filter on it serves both.
    /// </summary>
    /// <value><c>ready</c> and <c>run-group</c> (Akka.Hosting adds <c>akka</c>).</value>
    public IReadOnlyList<string> ReadinessTags { get; set; } = ["ready", "run-group"];

    /// <summary>
    /// The tags of the liveness check, which is Unhealthy once the group completed with a failure (an error that is
    /// not a signal, a cancellation or a CoordinatedShutdown), abandoned a member, or could not start. <c>liveness</c>
    /// is the tag of Akka.Hosting's own ActorSystem check (<c>WithActorSystemLivenessCheck</c>), so one filter on it
    /// serves both.
    /// </summary>
    /// <value><c>live</c>, <c>liveness</c> and <c>run-group</c> (Akka.Hosting adds <c>akka</c>).</value>
    public IReadOnlyList<string> LivenessTags { get; set; } = ["live", "liveness", "run-group"];
}
