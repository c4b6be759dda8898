using Akka.Actor;

namespace AkkaRunGroup.Cluster;

/// <summary>
/// The reason of a CoordinatedShutdown that an interrupted cluster member started: its group stopped, so the node hands
/// its shards off (phase <c>cluster-sharding-shutdown-region</c>), leaves the cluster (<c>cluster-leave</c>,
/// <c>cluster-exiting</c>) and its ActorSystem terminates.
/// </summary>
/// <remarks>
/// A member starts CoordinatedShutdown only when it is not running yet and
/// <see cref="ClusterMemberSettings.RunCoordinatedShutdownWhenInterrupted"/> is on; otherwise the shutdown keeps the
/// reason it was started with.
/// </remarks>
public sealed class ClusterMemberInterruptedReason : CoordinatedShutdown.Reason
{
    /// <summary>Creates the reason.</summary>
    /// <param name="group">The name of the group whose cluster member was interrupted.</param>
    /// <param name="member">The cluster member's name in that group.</param>
    /// <param name="error">The error the group interrupted its members with; null for a clean stop.</param>
    /// <exception cref="ArgumentNullException"><paramref name="group"/> or <paramref name="member"/> is null.</exception>
    public ClusterMemberInterruptedReason(string group, string member, Exception? error)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(member);
        Group = group;
        Member = member;
        Error = error;
    }

    /// <summary>The name of the group whose cluster member was interrupted.</summary>
    public string Group { get; }

    /// <summary>The cluster member's name in its group.</summary>
    public string Member { get; }

    /// <summary>The error the group interrupted its members with (its first exit's error, or the error of a stop from outside).</summary>
    /// <value>Null when the group stopped cleanly.</value>
    public Exception? Error { get; }

    /// <summary>The exit code CoordinatedShutdown uses when it is configured to exit the process.</summary>
    /// <value>0: the group ended as designed; <c>Main</c> decides the exit code from the run's result when it matters.</value>
    public override int ExitCode => 0;

    /// <summary>Names the group and the member, and the type of the error when there is one.</summary>
    /// <returns>For example <c>ClusterMemberInterruptedReason(group 'node', member 'cluster', SignalException)</c>.</returns>
    public override string ToString() =>
        $"ClusterMemberInterruptedReason(group '{Group}', member '{Member}'{(Error is null ? "" : $", {Error.GetType().Name}")})";
}
