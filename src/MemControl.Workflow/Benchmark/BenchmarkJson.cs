using System.Text.Json;
using System.Text.Json.Serialization;
using MemControl.Models.Loading;

namespace MemControl.Workflow.Benchmark;

/// <summary>Reads and writes the benchmark's JSON files (snake_case, indented, written atomically).</summary>
public static class BenchmarkJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options) + "\n";

    public static void Write<T>(string path, T value) => AtomicFile.WriteText(path, Serialize(value));

    /// <summary>A row's result.json; a damaged or newer file is an <see cref="InvalidDataException"/> naming it.</summary>
    public static BenchmarkRowResult ReadRow(string path)
    {
        var row = Read<BenchmarkRowResult>(path);
        CheckVersion(path, row.Version, BenchmarkRowResult.CurrentVersion);
        return row;
    }

    /// <summary>A results.json; a damaged or newer file is an <see cref="InvalidDataException"/> naming it.</summary>
    public static BenchmarkResults ReadResults(string path)
    {
        var results = Read<BenchmarkResults>(path);
        CheckVersion(path, results.Version, BenchmarkResults.CurrentVersion);
        return results;
    }

    public static T Read<T>(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' does not exist", path);
        }

        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options)
                ?? throw new InvalidDataException($"'{path}' is empty");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"'{path}' is not a valid {typeof(T).Name} file: {error.Message}", error);
        }
    }

    private static void CheckVersion(string path, int version, int current)
    {
        if (version < 1 || version > current)
        {
            throw new InvalidDataException($"'{path}': version {version} is not supported (this memcontrol reads version 1 to {current})");
        }
    }
}
