using MemControl.Search.Storage;
using MemControl.Search.Tests.Support;
using MemControl.Storage;

namespace MemControl.Search.Tests.Storage;

/// <summary>The storage contract on PostgreSQL: a throwaway local server, one fresh database per test.</summary>
public sealed class PostgresStudyStorageTests : StudyStorageContractTests
{
    private readonly Dictionary<string, string> urls = [];

    protected override IStudyStorage Open(string key = "main")
    {
        var server = PostgresServer.Instance;
        if (server.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }

        if (!urls.TryGetValue(key, out var url))
        {
            urls[key] = url = server.CreateDatabase();
        }

        return StudyStorages.Open(url);
    }

    [Fact]
    public void The_database_records_its_schema_version()
    {
        // Given
        var storage = (PostgresStudyStorage)((RetryingStudyStorage)Storage()).Inner;

        // When
        var version = storage.ReadSchemaVersion();

        // Then
        Assert.Equal(SqlStudyStorage.SchemaVersion, version);
        Assert.DoesNotContain("assword", storage.DisplayName, StringComparison.Ordinal);
    }
}
