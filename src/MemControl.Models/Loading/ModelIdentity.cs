using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace MemControl.Models.Loading;

/// <summary>
/// A stable fingerprint of a base model's architecture, for adapters and layer masks to record which model they
/// belong to: SHA-256 over the canonical config JSON (object keys sorted, no whitespace, writer-version fields
/// dropped) followed by every state-dict key with its shape, sorted. It identifies the architecture and naming (not
/// the weight values), so it is cheap to compute from a module or a safetensors header alone.
/// </summary>
public sealed record ModelIdentity(string Sha256Hex)
{
    /// <summary>Config fields that record who wrote the file, not what the model is.</summary>
    public static IReadOnlySet<string> IgnoredConfigFields { get; } =
        new HashSet<string>(StringComparer.Ordinal) { "_diffusers_version", "_name_or_path", "transformers_version" };

    /// <summary>Hex digits in <see cref="Short"/>.</summary>
    public const int ShortLength = 12;

    /// <summary>The first 12 hex digits, for file names and reports.</summary>
    public string Short => Sha256Hex[..ShortLength];

    public override string ToString() => Short;

    /// <summary>The identity of <paramref name="module"/> built from config <paramref name="configJson"/>.</summary>
    public static ModelIdentity Of(string configJson, nn.Module module) =>
        Of(configJson, module.state_dict().Select(pair => (pair.Key, pair.Value.shape)));

    /// <summary>The identity of a config and a list of state-dict keys with shapes (e.g. from a safetensors header).</summary>
    public static ModelIdentity Of(string configJson, IEnumerable<(string Key, long[] Shape)> keysAndShapes)
    {
        var text = new StringBuilder(CanonicalConfig(configJson)).Append('\n');
        foreach (var (key, shape) in keysAndShapes.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            text.Append(key).Append('\t').Append(ShapeFormat.Of(shape)).Append('\n');
        }

        return new ModelIdentity(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))));
    }

    /// <summary>The config as compact JSON with object keys sorted (ordinal) at every level and writer fields dropped.</summary>
    public static string CanonicalConfig(string configJson)
    {
        var root = DiffusersComponent.ParseObject(configJson, "config JSON");
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteCanonical(writer, root, topLevel: true);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element, bool topLevel)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject()
                             .Where(p => !topLevel || !IgnoredConfigFields.Contains(p.Name))
                             .OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteCanonical(writer, property.Value, topLevel: false);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteCanonical(writer, item, topLevel: false);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.Number:
                // 1, 1.0 and 1e0 are one value to every config reader: write the number's double value, except whole
                // numbers that fit a long, which are written exactly.
                if (element.TryGetInt64(out var whole))
                {
                    writer.WriteNumberValue(whole);
                }
                else
                {
                    var value = element.GetDouble();
                    if (value == Math.Floor(value) && Math.Abs(value) < 9e15)
                    {
                        writer.WriteNumberValue((long)value);
                    }
                    else
                    {
                        writer.WriteNumberValue(value);
                    }
                }

                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
