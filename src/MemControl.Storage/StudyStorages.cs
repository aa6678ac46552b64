using MemControl.Search.Storage;
using Npgsql;

namespace MemControl.Storage;

/// <summary>Opens the storage a URL names (optuna's get_storage): none = in-memory, sqlite:///…, postgresql://….</summary>
public static class StudyStorages
{
    public static IStudyStorage Open(string? url, Action<string>? log = null) => Open(StorageUrl.Parse(url), log);

    /// <param name="url">The storage.</param>
    /// <param name="log">Where retries after a lost PostgreSQL connection are reported; null = nowhere.</param>
    public static IStudyStorage Open(StorageUrl url, Action<string>? log = null) => url.Kind switch
    {
        "memory" => new InMemoryStudyStorage(),
        "sqlite" => new SqliteStudyStorage(url.Target),
        // A PostgreSQL server restarted or failed over under running workers: they retry with back-off and go on.
        "postgresql" => new RetryingStudyStorage(new PostgresStudyStorage(url.Target, url.Display), url.Display, IsTransient, log),
        _ => throw new ArgumentException($"unknown storage kind {url.Kind}."),
    };

    /// <summary>
    /// Opens a storage to read what is there (search status): like <see cref="Open(StorageUrl, Action{string}?)"/>, but a
    /// SQLite file that does not exist is refused instead of created.
    /// </summary>
    public static IStudyStorage OpenExisting(StorageUrl url, Action<string>? log = null) =>
        url.Kind == "sqlite" ? new SqliteStudyStorage(url.Target, createIfMissing: false) : Open(url, log);

    /// <summary>Npgsql's own judgement (connection lost, server shutting down or starting up, serialization failure).</summary>
    public static bool IsTransient(Exception error) => error is NpgsqlException { IsTransient: true };
}
