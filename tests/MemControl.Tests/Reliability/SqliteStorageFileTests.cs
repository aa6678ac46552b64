using MemControl.Cli;
using MemControl.Storage;
using MemControl.Tests.Cli.Train;

namespace MemControl.Tests.Reliability;

/// <summary>A --storage sqlite:/// path that is no SQLite file: one line naming it (exit 3); a status query never creates one.</summary>
public sealed class SqliteStorageFileTests : IDisposable
{
    private readonly string folder = Directory.CreateDirectory(TrainRun.TemporaryFolder()).FullName;

    [Fact]
    public void A_folder_is_named_as_a_folder()
    {
        // When
        var (exitCode, printed) = TrainRun.Cli("search", "status", "--storage", $"sqlite://{folder}");

        // Then
        Assert.Equal(UserErrors.BadInput, exitCode);
        Assert.Contains($"'{folder}' is a folder", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_of_another_kind_is_named_as_not_a_sqlite_database_and_left_unchanged()
    {
        // Given
        var path = Path.Combine(folder, "notes.db");
        File.WriteAllText(path, "these are my notes, not a database\n");

        // When
        var (exitCode, printed) = TrainRun.Cli("search", "status", "--storage", $"sqlite://{path}");

        // Then
        Assert.Equal(UserErrors.BadInput, exitCode);
        Assert.Contains($"'{path}' is not a SQLite database", printed, StringComparison.Ordinal);
        Assert.Equal("these are my notes, not a database\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_path_that_cannot_be_created_is_one_line_naming_it()
    {
        // Given: /proc accepts no new files, even for root.
        const string path = "/proc/memcontrol-study.db";

        // When
        var error = Assert.Throws<UnauthorizedAccessException>(() => new SqliteStudyStorage(path));

        // Then
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_status_of_a_database_that_does_not_exist_creates_none()
    {
        // Given
        var path = Path.Combine(folder, "new.db");

        // When
        var (exitCode, printed) = TrainRun.Cli("search", "status", "--storage", $"sqlite://{path}");

        // Then
        Assert.Equal(UserErrors.BadInput, exitCode);
        Assert.Contains("does not exist", printed, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(folder));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
