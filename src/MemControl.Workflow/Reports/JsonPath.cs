using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MemControl.Workflow.Reports;

/// <summary>
/// Reads fields from the JSON files other commands write, by dotted path. Keys match ignoring case and underscores
/// (<c>held_out_mean</c> = <c>heldOutMean</c>), so the report reads a file whatever naming policy wrote it.
/// </summary>
public static class JsonPath
{
    public static JsonNode? Get(JsonNode? node, string path)
    {
        foreach (var part in path.Split('.'))
        {
            if (node is not JsonObject obj)
            {
                return null;
            }

            node = obj.FirstOrDefault(pair => Normal(pair.Key) == Normal(part)).Value;
        }

        return node;
    }

    public static double? Number(JsonNode? node, string path) =>
        Get(node, path) is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.GetValue<double>() : null;

    public static string? Text(JsonNode? node, string path) => Get(node, path) switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value => value.ToJsonString(),
        _ => null,
    };

    public static bool? Flag(JsonNode? node, string path) => Get(node, path) is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False
        ? value.GetValue<bool>()
        : null;

    public static IReadOnlyList<JsonNode> Items(JsonNode? node, string path) =>
        Get(node, path) is JsonArray array ? array.Where(item => item is not null).Select(item => item!).ToList() : [];

    /// <summary>A value as a short display string: numbers with up to 4 significant decimals, anything else as JSON text.</summary>
    public static string Display(JsonNode? value) => value switch
    {
        null => "—",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>().ToString("0.####", CultureInfo.InvariantCulture),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };

    private static string Normal(string key) => key.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
}
