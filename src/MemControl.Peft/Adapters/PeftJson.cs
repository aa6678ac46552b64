using System.Text.Json;
using System.Text.Json.Serialization;

namespace MemControl.Peft.Adapters;

/// <summary>JSON settings of every PEFT file: snake_case names and enum values, indented.</summary>
internal static class PeftJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
