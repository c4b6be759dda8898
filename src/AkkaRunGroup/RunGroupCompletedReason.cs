using Akka.Actor;

namespace AkkaRunGroup;

/// <summary>
/// The reason a group runs CoordinatedShutdown with when it completes and
/// <c>akka.run-group.coordinated-shutdown.run-on-exit = on</c>.
/// </summary>
public sealed class RunGroupCompletedReason : CoordinatedShutdown.Reason
{
    /// <summary>Creates the reason for the run that completed.</summary>
    /// <param name="result">The completed run's result.</param>
    public RunGroupCompletedReason(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Result = result;
    }

    /// <summary>The result of the run whose completion started the shutdown.</summary>
    public RunResult Result { get; }

    /// <summary>The exit code CoordinatedShutdown uses when it is configured to exit the process.</summary>
    /// <value>0: the group ended as designed; <c>Main</c> decides the exit code from the result when it matters.</value>
    public override int ExitCode => 0;

    /// <summary>Names the group, for CoordinatedShutdown's log line.</summary>
    /// <returns>For example <c>run group 'api' completed</c>.</returns>
    public override string ToString() => $"run group '{Result.Group}' completed";
}
