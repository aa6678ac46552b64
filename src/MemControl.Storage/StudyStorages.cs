using MemControl.Search.Storage;

namespace MemControl.Storage;

/// <summary>Opens the storage a URL names (optuna's get_storage): none = in-memory, sqlite:///…, postgresql://….</summary>
public static class StudyStorages
{
    public static IStudyStorage Open(string? url) => Open(StorageUrl.Parse(url));

    public static IStudyStorage Open(StorageUrl url) => url.Kind switch
    {
        "memory" => new InMemoryStudyStorage(),
        "sqlite" => new SqliteStudyStorage(url.Target),
        "postgresql" => new PostgresStudyStorage(url.Target, url.Display),
        _ => throw new ArgumentException($"--storage: unknown kind {url.Kind}."),
    };
}
