using MemControl.Search.Storage;
using MemControl.Storage;
using Microsoft.Data.Sqlite;

namespace MemControl.Search.Tests.Storage;

/// <summary>The storage contract on a SQLite file, plus what only SQLite has (WAL, the schema version).</summary>
public sealed class SqliteStudyStorageTests : StudyStorageContractTests
{
    private readonly string folder = Directory.CreateTempSubdirectory("memcontrol-sqlite-").FullName;

    protected override IStudyStorage Open(string key = "main") =>
        StudyStorages.Open($"sqlite:///{Path.Combine(folder, key + ".db")}");

    public override void Dispose()
    {
        base.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void The_file_uses_the_write_ahead_log_and_records_its_schema_version()
    {
        // Given
        var storage = (SqliteStudyStorage)Storage();

        // When
        using var connection = new SqliteConnection($"Data Source={storage.Path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        var mode = command.ExecuteScalar();

        // Then
        Assert.Equal("wal", mode);
        Assert.Equal(SqlStudyStorage.SchemaVersion, storage.ReadSchemaVersion());
    }

    [Fact]
    public void A_file_with_a_newer_schema_is_refused_with_a_clear_message()
    {
        // Given
        var path = Path.Combine(folder, "newer.db");
        Storage("newer").Dispose();
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE version_info SET schema_version = 99";
            command.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();

        // When / Then
        var error = Assert.Throws<InvalidDataException>(() => new SqliteStudyStorage(path));
        Assert.Contains("schema_version is 99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_folder_is_named_in_the_error()
    {
        // When / Then
        var error = Assert.Throws<DirectoryNotFoundException>(() => StudyStorages.Open("sqlite:///no/such/folder/study.db"));
        Assert.Contains("no/such/folder", error.Message, StringComparison.Ordinal);
    }
}
