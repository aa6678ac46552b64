using System.Text.Json;

namespace MemControl.Workflow.FineTuning;

/// <summary>
/// What a mask.json supplies when <c>train --mask FILE</c> leaves <c>--method</c>, <c>--variant</c> or <c>--lr</c>
/// out: the searched method and learning rate (docs/decisions.md §4 stores both with the bits). Read before the model loads, so
/// only these fields are looked at here; <see cref="MethodChoice.Mask"/> checks the whole file against the model.
/// </summary>
public sealed record MaskFileDefaults(string Method, string? Variant, double LearningRate)
{
    /// <summary>The defaults of <paramref name="mask"/> when it names a .json file, else null.</summary>
    public static MaskFileDefaults? From(string? mask)
    {
        if (mask is null || !mask.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!File.Exists(mask))
        {
            throw new FileNotFoundException($"Mask: the mask file '{mask}' does not exist", mask);
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(mask));
            var root = document.RootElement;
            var method = root.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : null;
            var variant = root.TryGetProperty("variant", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var learningRate = root.TryGetProperty("learning_rate", out var lr) && lr.ValueKind == JsonValueKind.Number ? lr.GetDouble() : double.NaN;
            if (method is null || !double.IsFinite(learningRate) || learningRate <= 0)
            {
                throw new InvalidDataException($"'{mask}': a mask file needs a string field 'method' and a positive number 'learning_rate'");
            }

            return new MaskFileDefaults(method, variant, learningRate);
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"'{mask}' is not a valid mask file: {error.Message}", error);
        }
    }
}
