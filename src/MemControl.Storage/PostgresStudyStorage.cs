using System.Data;
using System.Data.Common;
using Npgsql;

namespace MemControl.Storage;

/// <summary>
/// Studies in PostgreSQL, for many workers on many machines. Writers of one study queue on a row lock of the
/// study (SELECT … FOR UPDATE), which makes trial numbering and claiming atomic; reads use snapshots and never
/// wait. Heartbeats use the server's clock, so the machines' clocks need not agree.
/// </summary>
public sealed class PostgresStudyStorage : SqlStudyStorage
{
    private readonly NpgsqlDataSource dataSource;

    /// <param name="connectionString">An Npgsql connection string; the password comes from PGPASSWORD or a password file.</param>
    /// <param name="displayName">How the database is named in messages (never with a password).</param>
    public PostgresStudyStorage(string connectionString, string displayName)
    {
        DisplayName = displayName;
        dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            EnsureSchema(displayName);
        }
        catch (NpgsqlException e)
        {
            dataSource.Dispose();
            // The driver's message names host/database/user, never the password. An IOException: the environment's
            // fault (server down, wrong host or credentials), reported as one line by the CLI, not as a bug.
            throw new IOException($"storage {displayName}: cannot use the database: {e.Message}", e);
        }
    }

    public string DisplayName { get; }

    protected override string Dialect => "Postgres";

    protected override string NowSql => "CAST(EXTRACT(EPOCH FROM clock_timestamp()) AS DOUBLE PRECISION)";

    protected override string RowLockSuffix => " FOR UPDATE";

    protected override DbConnection OpenConnection() => dataSource.OpenConnection();

    protected override DbTransaction BeginWrite(DbConnection connection) => connection.BeginTransaction(IsolationLevel.ReadCommitted);

    protected override void LockStudy(DbConnection connection, DbTransaction transaction, int studyId) =>
        Execute(connection, transaction, "SELECT study_id FROM studies WHERE study_id = @s FOR UPDATE", ("s", studyId));

    // A transaction-scoped advisory lock: schema creation and study creation by racing workers happen one at a time.
    protected override void LockCatalog(DbConnection connection, DbTransaction transaction) =>
        Execute(connection, transaction, "SELECT pg_advisory_xact_lock(7243101)");

    protected override string TableExistsSql(string table) =>
        $"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '{table}'";

    public override void Dispose() => dataSource.Dispose();
}
