using System.Text.Json;
using System.Text.Json.Serialization;

namespace MemControl.Workflow.Search;

/// <summary>How the search's JSON files are written and read: snake_case, indented, enums as lower-case names.</summary>
public static class SearchJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
