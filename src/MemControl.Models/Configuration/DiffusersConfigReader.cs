using System.Globalization;
using System.Text.Json;

namespace MemControl.Models.Configuration;

/// <summary>
/// Reads the values of a diffusers <c>config.json</c> (snake_case keys, as <c>ConfigMixin</c> writes them) — the
/// models' and the schedulers' alike — with errors that name the file and the key. Keys this reader is never asked about are ignored, as diffusers ignores them.
/// Written by hand rather than with a <see cref="JsonSerializer"/> record binding because diffusers configs mix shapes
/// (<c>attention_head_dim</c> is an int or a list, many keys are <c>null</c>) and each mistake needs its own message.
/// </summary>
public sealed class DiffusersConfigReader
{
    private readonly JsonElement _root;

    private DiffusersConfigReader(JsonElement root, string source)
    {
        _root = root;
        Source = source;
    }

    /// <summary>The file (or other source) the values come from; every error message starts with it.</summary>
    public string Source { get; }

    /// <summary>Parses a config file; a missing file gives <see cref="FileNotFoundException"/>, bad JSON an <see cref="InvalidDataException"/>.</summary>
    public static DiffusersConfigReader FromFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"config file '{path}' does not exist", path);
        }

        return FromJson(File.ReadAllText(path), path);
    }

    /// <summary>Parses config text; <paramref name="source"/> names it in error messages.</summary>
    public static DiffusersConfigReader FromJson(string json, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{source}: a model config must be a JSON object");
            }

            return new DiffusersConfigReader(document.RootElement.Clone(), source);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not valid JSON ({e.Message})", e);
        }
    }

    /// <summary>Reads an already parsed config object (a scheduler's, inside a pipeline's loading); <paramref name="source"/> names it in errors.</summary>
    public static DiffusersConfigReader FromElement(JsonElement root, string source) =>
        root.ValueKind == JsonValueKind.Object
            ? new DiffusersConfigReader(root.Clone(), source)
            : throw new InvalidDataException($"{source}: a config must be a JSON object, found {root.ValueKind}");

    /// <summary>True when the key is present with a non-null value.</summary>
    public bool Has(string key) => _root.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>A required integer.</summary>
    public int Int(string key) => AsInt(key, Required(key));

    /// <summary>An optional integer with the diffusers default.</summary>
    public int Int(string key, int defaultValue) => Has(key) ? AsInt(key, _root.GetProperty(key)) : defaultValue;

    /// <summary>An optional integer that may be null.</summary>
    public int? NullableInt(string key) => Has(key) ? AsInt(key, _root.GetProperty(key)) : null;

    /// <summary>An optional number with the diffusers default.</summary>
    public double Double(string key, double defaultValue) =>
        Has(key) ? AsDouble(key, _root.GetProperty(key)) : defaultValue;

    /// <summary>An optional boolean with the diffusers default.</summary>
    public bool Bool(string key, bool defaultValue)
    {
        if (!Has(key))
        {
            return defaultValue;
        }

        var value = _root.GetProperty(key);
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid(key, $"must be true or false, not {value.GetRawText()}"),
        };
    }

    /// <summary>An optional string with the diffusers default.</summary>
    public string String(string key, string defaultValue)
    {
        if (!Has(key))
        {
            return defaultValue;
        }

        var value = _root.GetProperty(key);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Invalid(key, $"must be a string, not {value.GetRawText()}");
    }

    /// <summary>An optional string from a fixed set, mapped to its value (e.g. <c>beta_schedule</c>).</summary>
    public T Choice<T>(string key, T defaultValue, IReadOnlyDictionary<string, T> choices)
    {
        if (!Has(key))
        {
            return defaultValue;
        }

        var value = _root.GetProperty(key);
        return value.ValueKind == JsonValueKind.String && choices.TryGetValue(value.GetString()!, out var choice)
            ? choice
            : throw Invalid(key, $"must be one of {string.Join(", ", choices.Keys.Select(name => $"\"{name}\""))}, not {value.GetRawText()}");
    }

    /// <summary>An optional list of numbers (e.g. <c>trained_betas</c>); null when missing or null.</summary>
    public IReadOnlyList<double>? DoubleListOrNull(string key) =>
        Has(key) ? AsList(key, _root.GetProperty(key), element => AsDouble(key, element)) : null;

    /// <summary>A required non-empty list of integers.</summary>
    public IReadOnlyList<int> IntList(string key) => AsList(key, Required(key), element => AsInt(key, element));

    /// <summary>A required non-empty list of strings.</summary>
    public IReadOnlyList<string> StringList(string key) =>
        AsList(key, Required(key), element => element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw Invalid(key, $"must hold strings, not {element.GetRawText()}"));

    /// <summary>
    /// An integer given once for every block or as a list with one entry per block (diffusers accepts both for
    /// <c>attention_head_dim</c>, <c>num_attention_heads</c>, <c>transformer_layers_per_block</c>).
    /// </summary>
    public IReadOnlyList<int> IntPerBlock(string key, int blockCount, int? defaultValue = null)
    {
        if (!Has(key))
        {
            return defaultValue is { } fallback
                ? Enumerable.Repeat(fallback, blockCount).ToArray()
                : throw Invalid(key, "is required");
        }

        var value = _root.GetProperty(key);
        if (value.ValueKind == JsonValueKind.Number)
        {
            return Enumerable.Repeat(AsInt(key, value), blockCount).ToArray();
        }

        var list = AsList(key, value, element => AsInt(key, element));
        return list.Count == blockCount
            ? list
            : throw Invalid(key, $"has {list.Count} entries but the model has {blockCount} down blocks");
    }

    /// <summary>Rejects a key whose value is present and differs from the only one this implementation supports.</summary>
    public void RequireSupported(string key, object? supportedValue) => RequireSupported(key, supportedValue, supportedValue);

    /// <summary>
    /// As <see cref="RequireSupported(string, object?)"/>, where a missing key means <paramref name="valueWhenMissing"/>
    /// (diffusers' class default), which may itself be unsupported (PNDM's <c>skip_prk_steps</c> defaults to false).
    /// </summary>
    public void RequireSupported(string key, object? supportedValue, object? valueWhenMissing)
    {
        if (!_root.TryGetProperty(key, out var value))
        {
            if (!Equals(valueWhenMissing, supportedValue))
            {
                throw Invalid(key, $"is missing (default {Show(valueWhenMissing)}), but only {Show(supportedValue)} is supported");
            }

            return;
        }

        var supported = supportedValue switch
        {
            null => value.ValueKind == JsonValueKind.Null,
            bool flag => value.ValueKind == (flag ? JsonValueKind.True : JsonValueKind.False),
            string text => value.ValueKind == JsonValueKind.String && value.GetString() == text,
            double number => value.ValueKind == JsonValueKind.Number && value.GetDouble() == number,
            int number => value.ValueKind == JsonValueKind.Number && value.GetDouble() == number,
            _ => throw new ArgumentException($"unsupported comparison value {supportedValue}", nameof(supportedValue)),
        };
        if (!supported)
        {
            throw Invalid(key, $"is {value.GetRawText()}, but only {Show(supportedValue)} is supported");
        }
    }

    private static string? Show(object? value) => value switch
    {
        null => "null",
        bool flag => flag ? "true" : "false",
        string text => $"\"{text}\"",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>An <see cref="InvalidDataException"/> naming the file and the key.</summary>
    public InvalidDataException Invalid(string key, string problem) => new($"{Source}: '{key}' {problem}");

    private JsonElement Required(string key) =>
        Has(key) ? _root.GetProperty(key) : throw Invalid(key, "is required but missing");

    private int AsInt(string key, JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw Invalid(key, $"must be an integer, not {value.GetRawText()}");

    private double AsDouble(string key, JsonElement value) =>
        value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw Invalid(key, $"must be a number, not {value.GetRawText()}");

    private IReadOnlyList<T> AsList<T>(string key, JsonElement value, Func<JsonElement, T> read)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(key, $"must be a list, not {value.GetRawText()}");
        }

        var list = value.EnumerateArray().Select(read).ToArray();
        return list.Length > 0 ? list : throw Invalid(key, "must not be empty");
    }
}
