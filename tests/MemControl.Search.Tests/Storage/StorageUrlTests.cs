using MemControl.Storage;

namespace MemControl.Search.Tests.Storage;

public sealed class StorageUrlTests
{
    [Fact]
    public void No_url_means_in_memory()
    {
        // When
        var url = StorageUrl.Parse(null);

        // Then
        Assert.Equal("memory", url.Kind);
    }

    [Theory]
    [InlineData("sqlite:///runs/study.db", "/runs/study.db")]
    [InlineData("sqlite:///./runs/study.db", "./runs/study.db")]
    public void A_sqlite_url_names_the_file(string text, string path)
    {
        // When
        var url = StorageUrl.Parse(text);

        // Then
        Assert.Equal(("sqlite", path), (url.Kind, url.Target));
    }

    [Fact]
    public void A_postgresql_url_gives_host_port_database_and_user_without_a_password()
    {
        // Given
        Environment.SetEnvironmentVariable("PGPASSWORD", "s3cret-from-env");

        // When
        var url = StorageUrl.Parse("postgresql://alice@db.example:6543/memcontrol");

        // Then
        Assert.Equal("postgresql://alice@db.example:6543/memcontrol", url.Display);
        Assert.Contains("Port=6543", url.Target, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", url.Target, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", url.ToString(), StringComparison.Ordinal);
        Environment.SetEnvironmentVariable("PGPASSWORD", null);
    }

    [Fact]
    public void A_password_in_the_url_is_refused_without_echoing_it()
    {
        // When
        var error = Assert.Throws<ArgumentException>(() => StorageUrl.Parse("postgresql://alice:hunter2@db:5432/mc"));

        // Then
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.Contains("PGPASSWORD", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mysql://x/y")]
    [InlineData("postgresql://alice@db:5432/")]
    [InlineData("sqlite:///")]
    public void Unusable_urls_are_argument_errors(string text)
    {
        // When / Then
        Assert.Throws<ArgumentException>(() => StorageUrl.Parse(text));
    }
}
