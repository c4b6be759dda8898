using System.Runtime.InteropServices;

namespace AkkaRunGroup;

/// <summary>
/// The error a signal handler member (<see cref="RunGroup.AddSignalHandler(PosixSignal[])"/>) exits with when the
/// process receives one of its signals.
/// </summary>
public sealed class SignalException : Exception
{
    /// <summary>Creates the exception for <paramref name="signal"/>; its message reads <c>received signal SIGTERM</c>.</summary>
    /// <param name="signal">The signal the process received.</param>
    public SignalException(PosixSignal signal)
        : base($"received signal {signal}")
    {
        Signal = signal;
    }

    /// <summary>The signal the process received.</summary>
    public PosixSignal Signal { get; }
}
