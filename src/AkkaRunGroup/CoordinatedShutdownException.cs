using Akka.Actor;

namespace AkkaRunGroup;

/// <summary>
/// The error a running group is interrupted with when CoordinatedShutdown runs on its ActorSystem, in the phase named
/// by <c>akka.run-group.coordinated-shutdown.phase</c>.
/// </summary>
/// <remarks>
/// A shutdown started by <see cref="ActorSystem.Terminate"/> interrupts the group with an
/// <see cref="ActorSystemTerminatedException"/> instead, as a terminating system always has.
/// </remarks>
public sealed class CoordinatedShutdownException : Exception
{
    /// <summary>Creates the exception for a shutdown run with <paramref name="reason"/>.</summary>
    /// <param name="reason">The reason CoordinatedShutdown was run with.</param>
    /// <param name="message">The message; it names the system and the reason.</param>
    public CoordinatedShutdownException(CoordinatedShutdown.Reason reason, string message)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(reason);
        Reason = reason;
    }

    /// <summary>
    /// The reason CoordinatedShutdown was run with, for example <see cref="CoordinatedShutdown.ClrExitReason"/> when
    /// Akka runs it for a SIGTERM or a process exit.
    /// </summary>
    public CoordinatedShutdown.Reason Reason { get; }
}
