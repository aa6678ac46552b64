using MemControl.Models.Loading;
using System.Text.Json;
using System.Text.Json.Serialization;
using MemControl.Peft.Adapters;

namespace MemControl.Peft.Masks;

/// <summary>
/// A mask saved as JSON (docs/decisions.md §4): method, variant, space, bits, the block names each bit covers, learning rate,
/// trainable count and the base model's identity, so applying it to an incompatible model is a clear error.
/// </summary>
public sealed record MaskFile(
    string Method,
    string? Variant,
    string Space,
    IReadOnlyList<int> Bits,
    IReadOnlyList<IReadOnlyList<string>> Blocks,
    double LearningRate,
    long TrainableCount,
    string BaseModelIdentity)
{
    /// <summary>The mask these bits describe.</summary>
    [JsonIgnore]
    public LayerMask Mask => new(MaskSpaces.Parse(Space), Bits.Select(bit => bit == 1).ToArray());

    /// <summary>Builds the file for <paramref name="mask"/> on a model with <paramref name="layout"/>.</summary>
    public static MaskFile Create(PeftConfig config, LayerMask mask, MaskLayout layout, double learningRate, long trainableCount, string baseModelIdentity)
    {
        mask.CheckFits(layout);
        return new MaskFile(config.Method, config.Variant, MaskSpaces.Name(mask.Space), mask.Bits.Select(bit => bit ? 1 : 0).ToList(),
            layout.Units.Select(unit => (IReadOnlyList<string>)unit.Prefixes.ToList()).ToList(), learningRate, trainableCount, baseModelIdentity);
    }

    /// <summary>Writes the file atomically.</summary>
    public void Save(string path) =>
        AtomicFile.WriteText(path, JsonSerializer.Serialize(this, PeftJson.Options));

    /// <summary>
    /// Reads a mask file and checks it fits the model: same base-model identity and as many bits as the model's layout
    /// of that space has; anything else is an <see cref="InvalidDataException"/> naming the file and field.
    /// </summary>
    public static MaskFile Load(string path, string baseModelIdentity, Func<MaskSpace, MaskLayout> layoutOf)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"mask file '{path}' does not exist", path);
        }

        MaskFile file;
        try
        {
            file = JsonSerializer.Deserialize<MaskFile>(File.ReadAllText(path), PeftJson.Options)
                ?? throw new InvalidDataException($"'{path}' is empty");
        }
        catch (Exception error) when (error is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new InvalidDataException($"'{path}' is not a valid mask file: {error.Message}", error);
        }

        // The deserializer leaves absent or null fields null despite the non-nullable types (found by fuzzing).
        foreach (var (field, value) in new (string, object?)[]
                 { ("method", file.Method), ("space", file.Space), ("bits", file.Bits), ("base_model_identity", file.BaseModelIdentity) })
        {
            if (value is null)
            {
                throw new InvalidDataException($"'{path}': field '{field}' is missing");
            }
        }

        if (file.BaseModelIdentity != baseModelIdentity)
        {
            throw new InvalidDataException(
                $"'{path}': field 'base_model_identity' is '{file.BaseModelIdentity}' but the model is '{baseModelIdentity}'");
        }

        MaskSpace space;
        try
        {
            space = MaskSpaces.Parse(file.Space);
        }
        catch (ArgumentException error)
        {
            throw new InvalidDataException($"'{path}': field 'space': {error.Message}", error);
        }

        if (file.Bits.Any(bit => bit is not (0 or 1)))
        {
            throw new InvalidDataException($"'{path}': field 'bits' must hold only 0 and 1");
        }

        var expected = layoutOf(space).Units.Count;
        if (file.Bits.Count != expected)
        {
            throw new InvalidDataException($"'{path}': field 'bits' has {file.Bits.Count} bits but this model has {expected} in space '{file.Space}'");
        }

        return file;
    }
}
