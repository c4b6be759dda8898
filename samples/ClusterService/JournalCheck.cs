using Akka.Actor;
using Akka.Persistence;
using AkkaRunGroup;

namespace ClusterService;

/// <summary>
/// The run group's journal member: at start it recovers a persistent actor of its own, which makes this node's journal
/// plugin open the database (and create the tables), then reports ready. Readiness so waits for the journal as well as
/// for the node's Up, and the first requests do not pay for the plugin's start. If the journal cannot be read, the
/// recovery fails, the actor stops, and the group stops with it: a node that cannot persist does not serve.
/// </summary>
internal sealed class JournalCheck : ReceivePersistentActor
{
    public JournalCheck(string node)
    {
        // Never written: only read, so every node may use its own id without growing the journal.
        PersistenceId = $"journal-check-{node}";
        Recover<RecoveryCompleted>(_ =>
        {
            Console.WriteLine($"cluster-service: the journal ({Context.System.Settings.Config.GetString("akka.persistence.journal.plugin")}) is readable");
            Context.Parent.Tell(MemberReady.Instance);
        });
    }

    /// <inheritdoc />
    public override string PersistenceId { get; }

    // Akka stops an actor whose recovery failed, which a run group reads as a clean exit: failing instead makes the
    // journal's error the group's, and the process exits 1.
    protected override void OnRecoveryFailure(Exception reason, object? message = null) =>
        throw new InvalidOperationException($"the journal cannot be read: {reason.Message}", reason);
}
