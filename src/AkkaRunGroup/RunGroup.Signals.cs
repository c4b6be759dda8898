using System.Runtime.InteropServices;

namespace AkkaRunGroup;

public sealed partial class RunGroup
{
    private const string DefaultSignalHandlerName = "signals";

    /// <summary>
    /// Adds a member named <c>signals</c> that exits with a <see cref="SignalException"/> when the process receives
    /// one of <paramref name="signals"/> (oklog's <c>SignalHandler</c>). See
    /// <see cref="AddSignalHandler(string, PosixSignal[])"/> for the rules.
    /// </summary>
    /// <param name="signals">The signals to handle; none given means SIGINT and SIGTERM.</param>
    /// <returns>This group.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="signals"/> is null.</exception>
    /// <exception cref="ArgumentException">The group already has a member named <c>signals</c>.</exception>
    /// <exception cref="InvalidOperationException">The group has already been run.</exception>
    public RunGroup AddSignalHandler(params PosixSignal[] signals) => AddSignalHandler(DefaultSignalHandlerName, signals);

    /// <summary>
    /// Adds a member that exits with a <see cref="SignalException"/> when the process receives one of
    /// <paramref name="signals"/>, so that Ctrl+C or a SIGTERM stops the group gracefully.
    /// </summary>
    /// <param name="name">The member's unique, non-empty name.</param>
    /// <param name="signals">The signals to handle; none given means SIGINT and SIGTERM.</param>
    /// <returns>This group.</returns>
    /// <remarks>
    /// <para>The handlers are registered (with <see cref="PosixSignalRegistration"/>) when the member starts and
    /// disposed when it exits. While registered, they cancel the signal's default action (terminating the process),
    /// so the group shuts down and <c>Main</c> decides the exit code. Interrupted, the member exits with an
    /// <see cref="OperationCanceledException"/>.</para>
    /// <para>Its exit is a stop from outside the group: a group with a drain delay (see <see cref="WithDrainDelay"/>)
    /// drains first, and a second SIGINT or SIGTERM during the drain ends the drain at once.</para>
    /// <para>Once the group is interrupted, the handlers are gone: a further Ctrl+C during a slow shutdown gets the
    /// runtime's default action and ends the process at once, the usual "press again to force".</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="signals"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or taken by another member.</exception>
    /// <exception cref="InvalidOperationException">The group has already been run.</exception>
    public RunGroup AddSignalHandler(string name, params PosixSignal[] signals)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(signals);
        PosixSignal[] handled = signals.Length == 0 ? [PosixSignal.SIGINT, PosixSignal.SIGTERM] : [.. signals.Distinct()];
        AddOutsideStop(token => WaitForSignal(handled, token), name);
        lock (_lock)
        {
            _handlesSignals = true;
        }

        return this;
    }

    /// <summary>Whether the group has a signal handler of its own: then the ActorSystem <c>RunAsync()</c> makes leaves the signals to it.</summary>
    private bool HandlesSignals
    {
        get
        {
            lock (_lock)
            {
                return _handlesSignals;
            }
        }
    }

    private static async Task WaitForSignal(PosixSignal[] signals, CancellationToken interrupted)
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registrations = new List<PosixSignalRegistration>(signals.Length);
        try
        {
            foreach (var signal in signals)
            {
                registrations.Add(PosixSignalRegistration.Create(signal, context =>
                {
                    context.Cancel = true;
                    received.TrySetException(new SignalException(context.Signal));
                }));
            }

            await received.Task.WaitAsync(interrupted).ConfigureAwait(false);
        }
        finally
        {
            foreach (var registration in registrations)
            {
                registration.Dispose();
            }
        }
    }
}
