using System.Text.Json;

namespace MemControl.Models.Schedulers;

/// <summary>
/// Typed reads of one diffusers config object, where a missing key means "the class default" and every error names the
/// file and the key.
/// </summary>
internal sealed class ConfigObjectReader(JsonElement config, string source)
{
    public int Int(string key, int whenMissing) =>
        Read(key, whenMissing, value => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw Invalid(key, "an integer", value));

    public double Double(string key, double whenMissing) =>
        Read(key, whenMissing, value => value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw Invalid(key, "a number", value));

    public bool Bool(string key, bool whenMissing) =>
        Read(key, whenMissing, value => value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid(key, "true or false", value),
        });

    public T Choice<T>(string key, T whenMissing, IReadOnlyDictionary<string, T> choices) =>
        Read(key, whenMissing, value => value.ValueKind == JsonValueKind.String && choices.TryGetValue(value.GetString()!, out var choice)
            ? choice
            : throw Invalid(key, $"one of {string.Join(", ", choices.Keys.Select(name => $"\"{name}\""))}", value));

    /// <summary>A list of numbers, or null when the key is missing or null.</summary>
    public IReadOnlyList<double>? DoubleArrayOrNull(string key)
    {
        if (!config.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.Number))
        {
            throw Invalid(key, "a list of numbers or null", value);
        }

        return value.EnumerateArray().Select(item => item.GetDouble()).ToArray();
    }

    /// <summary>Refuses a diffusers option that MemControl does not implement when the file switches it on.</summary>
    public void RequireUnsupportedOff(string key)
    {
        if (Bool(key, whenMissing: false))
        {
            throw new InvalidDataException($"{source}: key '{key}' is true, which MemControl's schedulers do not implement; set it to false");
        }
    }

    /// <summary>Refuses any value of <paramref name="key"/> but <paramref name="expected"/> (the only one implemented).</summary>
    public void RequireValue(string key, string expected, string whenMissing)
    {
        var value = Read(key, whenMissing, element => element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw Invalid(key, "a string", element));
        if (value != expected)
        {
            throw new InvalidDataException($"{source}: key '{key}' is \"{value}\"; MemControl implements only \"{expected}\"");
        }
    }

    /// <inheritdoc cref="RequireValue(string, string, string)"/>
    public void RequireValue(string key, bool expected, bool whenMissing)
    {
        var value = Bool(key, whenMissing);
        if (value != expected)
        {
            var found = config.TryGetProperty(key, out _) ? $"is {value.ToString().ToLowerInvariant()}" : "is missing (default false)";
            throw new InvalidDataException(
                $"{source}: key '{key}' {found}; MemControl implements only {expected.ToString().ToLowerInvariant()}");
        }
    }

    private T Read<T>(string key, T whenMissing, Func<JsonElement, T> parse) =>
        config.TryGetProperty(key, out var value) ? parse(value) : whenMissing;

    private InvalidDataException Invalid(string key, string expected, JsonElement found) =>
        new($"{source}: key '{key}' must be {expected}, found {found.GetRawText()}");
}
