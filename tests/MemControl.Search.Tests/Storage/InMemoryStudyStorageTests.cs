using MemControl.Search.Storage;

namespace MemControl.Search.Tests.Storage;

/// <summary>The storage contract on the in-memory storage.</summary>
public sealed class InMemoryStudyStorageTests : StudyStorageContractTests
{
    private readonly Dictionary<string, InMemoryStudyStorage> storages = [];

    protected override IStudyStorage Open(string key = "main")
    {
        // One process: every "connection" is the same object.
        if (!storages.TryGetValue(key, out var storage))
        {
            storages[key] = storage = new InMemoryStudyStorage();
        }

        return storage;
    }
}
