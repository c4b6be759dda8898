using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using LinqToDB;
using Microsoft.Data.Sqlite;

namespace ClusterService;

/// <summary>
/// Where the counters' events go: Akka.Persistence.Sql on a SQLite file shared by the nodes of one machine, or on a
/// server database named by a Linq2db provider and a connection string. Tables are created at start.
/// </summary>
internal sealed record Journal(string ProviderName, string ConnectionString)
{
    /// <summary>The SQLite journal at <paramref name="path"/>, in WAL mode so that several processes can write to it.</summary>
    /// <remarks>
    /// WAL is a property of the file: set once here, it holds for every connection. Writers still take turns;
    /// Microsoft.Data.Sqlite retries a busy database until the command timeout (<c>Default Timeout</c>, 10 s here)
    /// instead of failing at once, which is the busy timeout the nodes need.
    /// </remarks>
    public static Journal Sqlite(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = full, DefaultTimeout = 10 }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var wal = connection.CreateCommand();
        wal.CommandText = "PRAGMA journal_mode=WAL;";
        wal.ExecuteNonQuery();
        return new Journal(LinqToDB.ProviderName.SQLiteMS, connectionString);
    }

    /// <summary>Adds the journal and the snapshot store, both default plugins, on this database.</summary>
    /// <remarks>
    /// The journal's replay filter is off. Akka.Persistence.Sql writes one writer id per journal, that is per node, not
    /// per incarnation of an entity; Akka's replay filter takes a writer id that comes back after another one for an
    /// old incarnation still writing, and drops its events. A counter that moved from node A to node B and back to A
    /// (a rebalance, then a crash of B) replayed without the events A wrote after its return: acknowledged increments
    /// lost, seen in the rolling-update test. Two incarnations writing at once cannot corrupt the journal anyway: its
    /// unique index on (persistence_id, sequence_number) refuses the second event of a number, and the incarnation whose
    /// write failed stops without answering.
    /// </remarks>
    public AkkaConfigurationBuilder AddTo(AkkaConfigurationBuilder akka) =>
        akka.WithSqlPersistence(ConnectionString, ProviderName, autoInitialize: true)
            .AddHocon("akka.persistence.journal.sql.replay-filter.mode = off", HoconAddMode.Prepend);

    /// <summary>What the log says about it (no password: the provider, and the file for SQLite).</summary>
    public override string ToString() => ProviderName == LinqToDB.ProviderName.SQLiteMS
        ? $"SQLite {new SqliteConnectionStringBuilder(ConnectionString).DataSource} (WAL)"
        : ProviderName;
}
