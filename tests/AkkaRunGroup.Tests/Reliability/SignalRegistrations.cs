using System.Collections;
using System.Reflection;
using System.Runtime.InteropServices;

namespace AkkaRunGroup.Tests.Reliability;

/// <summary>Counts the process's live PosixSignalRegistrations, to prove that runs leave none behind.</summary>
public static class SignalRegistrations
{
    /// <summary>
    /// The registrations Akka's CoordinatedShutdown makes for a system (SIGINT and SIGTERM), once, when the first
    /// shutdown task (the run groups' one) is added.
    /// </summary>
    public const int AkkaPerSystem = 2;

    /// <summary>
    /// Waits, at most <see cref="RunGroupTestKit.Bound"/>, until <see cref="Live"/> is <paramref name="expected"/>:
    /// a terminating ActorSystem disposes its registrations on its own threads. Returns the last count seen.
    /// </summary>
    public static async Task<int> AwaitLiveAsync(int expected)
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        int live;
        while ((live = Live()) != expected && deadline.Elapsed < RunGroupTestKit.Bound)
        {
            await Task.Delay(50);
        }

        return live;
    }

    /// <summary>
    /// The runtime's own table of live registrations (a private field of PosixSignalRegistration on Unix): the only
    /// place that says whether a registration was disposed.
    /// </summary>
    public static int Live()
    {
        var field = typeof(PosixSignalRegistration).GetField("s_registrations", BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new InvalidOperationException("PosixSignalRegistration.s_registrations is gone: update this test to the runtime.");
        var table = (IDictionary)field.GetValue(null)!;
        lock (table)
        {
            return table.Values.Cast<ICollection>().Sum(tokens => tokens.Count);
        }
    }
}
