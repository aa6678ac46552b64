using System.Text.Json;
using System.Text.Json.Nodes;
using MemControl.Models.Loading;

namespace MemControl.Workflow.FineTuning;

/// <summary>
/// The options a training run was started with, kept in its folder (<see cref="FileName"/>, written before the first step,
/// and <c>train.json</c>'s "options" once finished), so a resume with other data, batch or learning rate is refused
/// instead of silently continuing a different run, and a finished run is not trained over by accident.
/// </summary>
public static class TrainRunOptions
{
    /// <summary>The options as the run started (train.json is written only at the end).</summary>
    public const string FileName = "train-options.json";

    /// <summary>The options a resume must keep (steps may grow; device and checkpoint spacing may change).</summary>
    public static IReadOnlyList<string> KeptOnResume { get; } =
        ["model", "data", "phantoms", "method", "variant", "mask", "learning_rate", "batch_size", "seed", "mitigation"];

    /// <summary>True when <paramref name="output"/> holds a finished run (its train.json).</summary>
    public static bool IsFinished(string output) => File.Exists(Path.Combine(output, TrainReport.SummaryFile));

    /// <summary>Writes <paramref name="options"/> into the run folder (atomically).</summary>
    public static void Record(string output, JsonObject options) =>
        AtomicFile.WriteText(Path.Combine(output, FileName), options.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");

    /// <summary>The options recorded in <paramref name="output"/>, or null when the folder records none.</summary>
    public static JsonObject? Recorded(string output)
    {
        foreach (var (file, field) in new[] { (FileName, (string?)null), (TrainReport.SummaryFile, "options") })
        {
            var path = Path.Combine(output, file);
            if (!File.Exists(path))
            {
                continue;
            }

            try
            {
                var node = JsonNode.Parse(File.ReadAllText(path));
                return (field is null ? node : node?[field]) as JsonObject
                    ?? throw new InvalidDataException($"'{path}': {(field is null ? "not a JSON object" : $"field '{field}' is missing or not an object")}");
            }
            catch (JsonException error)
            {
                throw new InvalidDataException($"'{path}' is not valid JSON: {error.Message}", error);
            }
        }

        return null;
    }

    /// <summary>The kept options whose value differs: (key, recorded value, value now), as JSON text.</summary>
    public static IReadOnlyList<(string Key, string Was, string Now)> Differences(JsonObject recorded, JsonObject now) =>
        KeptOnResume
            .Select(key => (Key: key, Was: Text(recorded[key]), Now: Text(now[key])))
            .Where(entry => entry.Was != entry.Now)
            .ToList();

    private static string Text(JsonNode? node) => node switch
    {
        null => "none",
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => node.ToJsonString(),
    };
}
