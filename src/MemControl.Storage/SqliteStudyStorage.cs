using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace MemControl.Storage;

/// <summary>
/// Studies in one SQLite file, the default. WAL journal so readers never block the writer; BEGIN IMMEDIATE for
/// writes so two processes never both plan a write on a stale read; a 30 s busy timeout so a few local processes
/// take turns (ECOSYSTEM.md §6: two processes ran 15,000 such transactions each without trouble).
/// </summary>
public sealed class SqliteStudyStorage : SqlStudyStorage
{
    private readonly string connectionString;

    public SqliteStudyStorage(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"storage: the folder of the SQLite file does not exist: {directory}");
        }

        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using (var connection = new SqliteConnection(connectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA journal_mode = WAL;";
            command.ExecuteNonQuery();
        }

        EnsureSchema(Path);
    }

    public string Path { get; }

    protected override string Dialect => "Sqlite";

    // julianday('now') has millisecond resolution and is fixed within a statement.
    protected override string NowSql => "((julianday('now') - 2440587.5) * 86400.0)";

    protected override string RowLockSuffix => string.Empty;

    protected override DbConnection OpenConnection()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
        command.ExecuteNonQuery();
        return connection;
    }

    protected override DbTransaction BeginWrite(DbConnection connection) =>
        ((SqliteConnection)connection).BeginTransaction(deferred: false);

    // BEGIN IMMEDIATE already holds the database's single write lock.
    protected override void LockStudy(DbConnection connection, DbTransaction transaction, int studyId)
    {
    }

    protected override void LockCatalog(DbConnection connection, DbTransaction transaction)
    {
    }

    protected override string TableExistsSql(string table) =>
        $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'";

    protected override DbTransaction BeginRead(DbConnection connection) => connection.BeginTransaction();

    public override void Dispose() => SqliteConnection.ClearPool(new SqliteConnection(connectionString));
}
