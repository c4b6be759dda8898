using Akka.Hosting;
using AkkaRunGroup.Hosting.Internal;

namespace AkkaRunGroup.Hosting;

/// <summary>Runs a <see cref="RunGroup"/> in an ActorSystem configured with Akka.Hosting, for the lifetime of the host.</summary>
/// <remarks>
/// <para>The group is built and started once the ActorSystem has started (after every actor starter, so the
/// <see cref="IActorRegistry"/> holds their actors). When the group completes, the host stops
/// (<see cref="RunGroupHostingOptions.StopHostOnCompletion"/>) and <see cref="Environment.ExitCode"/> reports a
/// failure (<see cref="RunGroupHostingOptions.SetExitCode"/>).</para>
/// <para>When the host stops (Ctrl+C, SIGTERM, <c>StopAsync</c>), the group is stopped with an
/// <see cref="OperationCanceledException"/> as the host begins to stop: it drains (see
/// <see cref="RunGroupHostingOptions.DrainDelay"/>), is interrupted, and Akka.Hosting's CoordinatedShutdown awaits it
/// in the phase <c>akka.run-group.coordinated-shutdown.phase</c>. The host owns SIGINT and SIGTERM: this method turns
/// Akka's own SIGTERM hook off (<c>akka.coordinated-shutdown.run-by-clr-shutdown-hook = off</c>, with lower
/// precedence than your own HOCON), and so does an interrupted cluster member of AkkaRunGroup.Cluster
/// (<c>akka.run-group.cluster.run-coordinated-shutdown-when-interrupted = off</c>): the node hands its shards off and
/// leaves in the CoordinatedShutdown that Akka.Hosting runs once the host's other services have stopped. Unless <see cref="RunGroupHostingOptions.HealthChecks"/> is off, the group
/// registers a readiness and a liveness health check with Akka.Hosting. The group's interrupt timeout follows one
/// rule (see <see cref="RunGroupHostingOptions.InterruptTimeout"/>); this method raises the default phase's timeout
/// (<c>before-service-unbind</c>, 5 s in Akka) to that rule's value as known before the host starts (30 s unless the
/// options say otherwise), with lower precedence than your own HOCON, and the start warns when the phase's timeout
/// turns out shorter than the group's.</para>
/// </remarks>
public static class RunGroupHostingExtensions
{
    /// <summary>Runs a group named <paramref name="name"/> whose members <paramref name="configure"/> adds.</summary>
    /// <param name="builder">The Akka.Hosting builder.</param>
    /// <param name="name">The group's name, unique among the groups of this builder.</param>
    /// <param name="configure">Adds the members, given the host's services and the actor registry.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The builder already runs a group named <paramref name="name"/>.</exception>
    public static AkkaConfigurationBuilder WithRunGroup(
        this AkkaConfigurationBuilder builder, string name, Action<RunGroup, IServiceProvider, IActorRegistry> configure)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);
        return builder.WithRunGroup(new RunGroupHostingOptions { Name = name, Configure = configure });
    }

    /// <summary>Runs a group described by options that <paramref name="configure"/> fills in.</summary>
    /// <param name="builder">The Akka.Hosting builder.</param>
    /// <param name="configure">Sets the options, starting from their defaults.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The builder already runs a group of that name.</exception>
    public static AkkaConfigurationBuilder WithRunGroup(this AkkaConfigurationBuilder builder, Action<RunGroupHostingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new RunGroupHostingOptions();
        configure(options);
        return builder.WithRunGroup(options);
    }

    /// <summary>Runs a group described by <paramref name="options"/>.</summary>
    /// <param name="builder">The Akka.Hosting builder.</param>
    /// <param name="options">The group's options; read now, except <see cref="RunGroupHostingOptions.Configure"/>, called at start.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The name is empty, or the builder already runs a group of that name.</exception>
    public static AkkaConfigurationBuilder WithRunGroup(this AkkaConfigurationBuilder builder, RunGroupHostingOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.Name))
        {
            throw new ArgumentException("A hosted run group needs a non-empty name.", nameof(options));
        }

        if (options.InterruptTimeout is { } timeout && timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException($"InterruptTimeout must be positive or infinite, not {timeout}.", nameof(options));
        }

        if (options.DrainDelay is { } drain && (drain < TimeSpan.Zero || drain > TimeSpan.FromDays(1)))
        {
            throw new ArgumentException($"DrainDelay must be from zero up to one day, not {drain}.", nameof(options));
        }

        var handle = HostedGroups.Add(builder, options.Name);
        // The phase's timeout is settled before the ActorSystem exists: it follows the group's own rule with what is
        // known now, and Start warns if the group turns out to need longer.
        var knownDrain = HostedGroups.DrainDelay(options, settings: null);
        var phaseTimeout = HostedGroups.InterruptTimeout(options, settings: null, hostShutdownTimeout: null, knownDrain);
        if (phaseTimeout != Timeout.InfiniteTimeSpan)
        {
            builder.AddHocon(
                $"akka.coordinated-shutdown.phases.{RunGroupSettings.Create(Akka.Configuration.ConfigurationFactory.Empty).CoordinatedShutdownPhase}.timeout = {(long)HostedGroups.PhaseTimeout(knownDrain, phaseTimeout).TotalMilliseconds}ms",
                HoconAddMode.Append);
        }

        // The host owns SIGINT and SIGTERM (its ConsoleLifetime stops the host, which stops the group): Akka's own
        // SIGTERM hook would run CoordinatedShutdown beside it, and which error reaches the group first would be a race.
        builder.AddHocon("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Append);
        // Akka.Hosting runs CoordinatedShutdown when the host stops, after the host's other services (an ASP.NET Core
        // server among them): an interrupted cluster member (AkkaRunGroup.Cluster) must not start it earlier, or the
        // node would hand its shards off and terminate while the server still answers requests.
        builder.AddHocon("akka.run-group.cluster.run-coordinated-shutdown-when-interrupted = off", HoconAddMode.Append);
        if (options.HealthChecks)
        {
            RunGroupHealthCheck.Register(builder, handle, options);
        }

        return builder.AddStartup((system, registry) => HostedGroups.Start(handle, options, system, registry));
    }
}
