using System.Text.Json;
using static TorchSharp.torch;

namespace MemControl.Models.Loading;

/// <summary>
/// A checkpoint split over several safetensors files by a <c>*.safetensors.index.json</c> (as save_pretrained writes
/// for large models): {"metadata": {...}, "weight_map": {"key": "shard file name", ...}}. Every shard is opened (and its
/// header validated) up front; each key is read from the shard the index names.
/// </summary>
public sealed class ShardedSafetensors : ITensorSource, IDisposable
{
    private readonly Dictionary<string, SafetensorsFile> _shardOfKey;
    private readonly List<SafetensorsFile> _shards;

    private ShardedSafetensors(string indexPath, Dictionary<string, SafetensorsFile> shardOfKey, List<SafetensorsFile> shards)
    {
        Description = indexPath;
        _shardOfKey = shardOfKey;
        _shards = shards;
        Keys = shardOfKey.Keys.ToArray();
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Keys { get; }

    /// <summary>The shard files, in the order the index first names them.</summary>
    public IReadOnlyList<string> ShardPaths => _shards.Select(s => s.Path).ToArray();

    /// <summary>Opens the index at <paramref name="indexPath"/> and every shard it names.</summary>
    public static ShardedSafetensors Open(string indexPath)
    {
        var fullPath = Path.GetFullPath(indexPath);
        var folder = Path.GetDirectoryName(fullPath)!;
        var weightMap = ReadWeightMap(fullPath);
        var shards = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
        try
        {
            var shardOfKey = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
            foreach (var (key, shardName) in weightMap)
            {
                if (!shards.TryGetValue(shardName, out var shard))
                {
                    var shardPath = Path.Combine(folder, shardName);
                    if (!File.Exists(shardPath))
                    {
                        throw new FileNotFoundException($"sharded checkpoint index '{fullPath}': 'weight_map.{key}' names shard '{shardName}', which does not exist.", shardPath);
                    }

                    shard = SafetensorsFile.Open(shardPath);
                    shards[shardName] = shard;
                }

                if (!shard.Contains(key))
                {
                    throw new InvalidDataException($"sharded checkpoint index '{fullPath}': 'weight_map.{key}' names shard '{shardName}', which has no tensor '{key}'.");
                }

                shardOfKey[key] = shard;
            }

            foreach (var shard in shards.Values)
            {
                var unlisted = shard.Keys.FirstOrDefault(k => !shardOfKey.ContainsKey(k));
                if (unlisted is not null)
                {
                    throw new InvalidDataException($"sharded checkpoint index '{fullPath}': shard '{shard.Path}' holds tensor '{unlisted}', which 'weight_map' does not list.");
                }
            }

            return new ShardedSafetensors(fullPath, shardOfKey, shards.Values.ToList());
        }
        catch
        {
            foreach (var shard in shards.Values)
            {
                shard.Dispose();
            }

            throw;
        }
    }

    /// <inheritdoc />
    public long[] ShapeOf(string key) => ShardOf(key).ShapeOf(key);

    /// <inheritdoc />
    public Tensor Read(string key) => ShardOf(key).Read(key);

    /// <summary>Dtype, shape and byte range of tensor <paramref name="key"/> in its shard.</summary>
    public SafetensorsTensorInfo GetInfo(string key) => ShardOf(key).GetInfo(key);

    public void Dispose()
    {
        foreach (var shard in _shards)
        {
            shard.Dispose();
        }
    }

    private SafetensorsFile ShardOf(string key) =>
        _shardOfKey.TryGetValue(key, out var shard)
            ? shard
            : throw new KeyNotFoundException($"sharded checkpoint '{Description}' has no tensor '{key}'.");

    private static List<(string Key, string Shard)> ReadWeightMap(string indexPath)
    {
        if (!File.Exists(indexPath))
        {
            throw new FileNotFoundException($"sharded checkpoint index '{indexPath}' does not exist.", indexPath);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(indexPath));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"sharded checkpoint index '{indexPath}' is not valid JSON ({e.Message}).");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("weight_map", out var weightMap)
                || weightMap.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"sharded checkpoint index '{indexPath}': field 'weight_map' is missing or not an object.");
            }

            var entries = new List<(string, string)>();
            foreach (var entry in weightMap.EnumerateObject())
            {
                var shard = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : "";
                // A shard must be a plain file name beside the index: a path could make the index read any file.
                if (shard.Length == 0 || shard != Path.GetFileName(shard) || shard is "." or "..")
                {
                    throw new InvalidDataException($"sharded checkpoint index '{indexPath}': 'weight_map.{entry.Name}' is {entry.Value.GetRawText()}, not a file name in the index's folder.");
                }

                entries.Add((entry.Name, shard));
            }

            return entries;
        }
    }
}
