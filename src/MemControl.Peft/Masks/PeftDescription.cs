using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Peft.Masks;

/// <summary>
/// What a method + mask trains on a model, from shapes only (nothing is attached, so it works for models built on the
/// meta device): per bit and in total, and as a share of all the model's parameters (docs/decisions.md §4; <c>memcontrol peft describe</c>).
/// </summary>
public sealed record PeftDescription(
    string Method,
    string? Variant,
    MaskSpace? Space,
    IReadOnlyList<BitDescription> Bits,
    long AlwaysTrainedValues,
    long TrainableValues,
    long ModelValues)
{
    /// <summary>Trainable values as a percentage of all the model's parameter values.</summary>
    public double TrainablePercent => ModelValues == 0 ? 0 : 100.0 * TrainableValues / ModelValues;

    /// <summary>Describes <paramref name="config"/> with <paramref name="mask"/> (null = no mask) on <paramref name="root"/>.</summary>
    public static PeftDescription Describe(nn.Module root, PeftConfig config, LayerMask? mask, PeftContext? context = null)
    {
        var method = PeftMethodRegistry.Create(config, context ?? new PeftContext("describe"));
        var plan = method.Plan(root);
        var modelValues = root.parameters().Sum(parameter => parameter.numel());
        if (mask is null)
        {
            var total = plan.Sum(entry => entry.Count);
            return new PeftDescription(config.Method, config.Variant, null, [], total, total, modelValues);
        }

        var layout = MaskLayout.For(root, mask.Space);
        mask.CheckFits(layout);
        var bits = layout.Units
            .Select((unit, index) => new BitDescription(index, unit.Name, mask.Bits[index],
                plan.Where(entry => entry.Maskable && unit.Covers(entry.Key)).Sum(entry => entry.Count)))
            .ToList();
        var always = plan.Where(entry => !entry.Maskable || !layout.Units.Any(unit => unit.Covers(entry.Key))).Sum(entry => entry.Count);
        var trainable = plan.Where(entry => !(entry.Maskable && mask.Freezes(layout, entry.Key))).Sum(entry => entry.Count);
        return new PeftDescription(config.Method, config.Variant, mask.Space, bits, always, trainable, modelValues);
    }
}
