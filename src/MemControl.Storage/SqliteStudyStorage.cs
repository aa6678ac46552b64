using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace MemControl.Storage;

/// <summary>
/// Studies in one SQLite file, the default. WAL journal so readers never block the writer; BEGIN IMMEDIATE for
/// writes so two processes never both plan a write on a stale read; a 30 s busy timeout so a few local processes
/// take turns (docs/dependencies.md §6: two processes ran 15,000 such transactions each without trouble).
/// </summary>
public sealed class SqliteStudyStorage : SqlStudyStorage
{
    private readonly string connectionString;

    /// <param name="path">The SQLite file.</param>
    /// <param name="createIfMissing">False for a reader (search status): a missing file is refused, never created empty.</param>
    public SqliteStudyStorage(string path, bool createIfMissing = true)
    {
        Path = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"storage: the folder of the SQLite file does not exist: {directory}");
        }

        CheckFile(Path, createIfMissing);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = createIfMissing ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        try
        {
            using (var connection = new SqliteConnection(connectionString))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA journal_mode = WAL;";
                command.ExecuteNonQuery();
            }

            EnsureSchema(Path);
        }
        catch (SqliteException error) when (error.SqliteErrorCode is SqliteNotADatabase)
        {
            SqliteConnection.ClearPool(new SqliteConnection(connectionString));
            throw new InvalidDataException($"storage: '{Path}' is not a SQLite database", error);
        }
        catch (SqliteException error) when (error.SqliteErrorCode is SqliteCannotOpen or SqliteReadOnly or SqlitePermission or SqliteAuth)
        {
            SqliteConnection.ClearPool(new SqliteConnection(connectionString));
            throw new UnauthorizedAccessException($"storage: the SQLite file '{Path}' cannot be opened for writing ({error.Message.TrimEnd('.')}); check its permissions and its folder's", error);
        }
    }

    private const int SqlitePermission = 3;    // SQLITE_PERM
    private const int SqliteReadOnly = 8;      // SQLITE_READONLY
    private const int SqliteCannotOpen = 14;   // SQLITE_CANTOPEN
    private const int SqliteAuth = 23;         // SQLITE_AUTH
    private const int SqliteNotADatabase = 26; // SQLITE_NOTADB

    // What SQLite would say late and obscurely ("unable to open database file", "file is not a database") is said here
    // with the path: a folder, a file of another kind, or (for a reader) no file at all.
    private static void CheckFile(string path, bool createIfMissing)
    {
        if (Directory.Exists(path))
        {
            throw new InvalidDataException($"storage: '{path}' is a folder, not a SQLite file; name a file in it, e.g. sqlite:///{path.TrimStart('/')}/study.db");
        }

        if (!File.Exists(path))
        {
            if (!createIfMissing)
            {
                throw new FileNotFoundException($"storage: the SQLite file '{path}' does not exist (a search creates it)", path);
            }

            return;
        }

        var header = new byte[16];
        int read;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }

        // An empty file is what SQLite itself creates before the first write; anything else must carry its magic header.
        if (read > 0 && !header.AsSpan(0, read).SequenceEqual("SQLite format 3\0"u8[..Math.Min(read, 16)]))
        {
            throw new InvalidDataException($"storage: '{path}' is not a SQLite database");
        }
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
