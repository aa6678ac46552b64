
using MemControl.Workflow.Reports;

namespace MemControl.Tests.Cli.Reports;

public sealed class ReportFilesTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"report-files-{Guid.NewGuid():N}");

    [Fact]
    public void Every_file_lands_under_its_name_and_no_temporary_is_left()
    {
        // Given
        var files = new ReportFiles().AddText("a.txt", "alpha").Add("b.bin", [1, 2, 3]);

        // When
        var written = files.WriteTo(_folder);

        // Then
        Assert.Equal(2, written.Count);
        Assert.Equal("alpha", File.ReadAllText(Path.Combine(_folder, "a.txt")));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(Path.Combine(_folder, "b.bin")));
        Assert.Equal(2, Directory.GetFiles(_folder).Length);
    }

    [Fact]
    public void A_path_instead_of_a_file_name_is_refused()
    {
        // Given
        var files = new ReportFiles();

        // When
        var error = Assert.Throws<ArgumentException>(() => files.AddText("../escape.txt", "x"));

        // Then
        Assert.Contains("../escape.txt", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
