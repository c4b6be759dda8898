using System.Runtime.InteropServices;
using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The SIGINT and SIGTERM handlers a draining GroupSupervisor holds: a signal during the drain is the
/// operator asking again, so it cancels the signal's default action and tells the GroupSupervisor to end the drain.
/// Created when the drain begins, disposed when it ends.
/// </summary>
internal sealed class DrainSignals : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;

    private DrainSignals(PosixSignalRegistration[] registrations) => _registrations = registrations;

    /// <summary>Registers the handlers; null where the platform has no such signals.</summary>
    public static DrainSignals? Register(IActorRef supervisor)
    {
        var registrations = new List<PosixSignalRegistration>(2);
        try
        {
            foreach (var signal in (ReadOnlySpan<PosixSignal>)[PosixSignal.SIGINT, PosixSignal.SIGTERM])
            {
                registrations.Add(PosixSignalRegistration.Create(signal, context =>
                {
                    context.Cancel = true;
                    supervisor.Tell(new DrainCut(context.Signal), ActorRefs.NoSender);
                }));
            }
        }
        catch (PlatformNotSupportedException)
        {
            registrations.ForEach(static r => r.Dispose());
            return null;
        }

        return new DrainSignals([.. registrations]);
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
