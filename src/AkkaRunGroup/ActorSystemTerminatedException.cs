namespace AkkaRunGroup;

/// <summary>
/// The error a run is interrupted with when its ActorSystem terminates (or its GroupSupervisor is stopped from
/// outside) while the group is running.
/// </summary>
public sealed class ActorSystemTerminatedException : Exception
{
    /// <summary>Creates the exception with the message that says which system and group were affected.</summary>
    /// <param name="message">The message.</param>
    public ActorSystemTerminatedException(string message)
        : base(message)
    {
    }
}
