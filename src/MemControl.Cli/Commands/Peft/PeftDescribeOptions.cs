using MemControl.Peft;
using MemControl.Peft.Masks;
using MemControl.Peft.SvDiff;
using MemControl.Workflow.BaseModels;

namespace MemControl.Cli.Commands.Peft;

/// <summary>
/// The checked options of <c>memcontrol peft describe</c>. Every refusal is an <see cref="ArgumentException"/> whose
/// message starts with the option, so the CLI prints one line naming it (exit code 2).
/// </summary>
public sealed record PeftDescribeOptions(string Model, PeftConfig Config, MaskSpace Space, string? MaskText)
{
    private static readonly string[] SvDiffVariants = ["author", "memcontrol"];

    public static PeftDescribeOptions From(PeftDescribeSettings settings)
    {
        var model = string.IsNullOrWhiteSpace(settings.Model)
            ? throw new ArgumentException("--model is required: a diffusers pipeline folder, a unet/ folder or sd15")
            : settings.Model;
        var method = string.IsNullOrWhiteSpace(settings.Method)
            ? throw new ArgumentException($"--method is required (choose {string.Join(", ", PeftMethodRegistry.Names)})")
            : settings.Method;
        return new PeftDescribeOptions(model, ParseMethod(method, settings.Variant), ParseSpace(settings.Space), settings.Mask);
    }

    /// <summary>The mask the user gave, checked against <paramref name="layout"/>; all bits 1 without <c>--mask</c>.</summary>
    public LayerMask MaskFor(MaskLayout layout)
    {
        if (MaskText is null)
        {
            return LayerMask.AllOn(layout);
        }

        var bits = MaskText.Split(',', StringSplitOptions.TrimEntries);
        if (bits.Any(bit => bit is not ("0" or "1")))
        {
            throw new ArgumentException($"--mask '{MaskText}' must be comma-separated 0/1 bits such as 1,1,0,1");
        }

        if (bits.Length != layout.Units.Count)
        {
            throw new ArgumentException(
                $"--mask has {bits.Length} bits but the model has {layout.Units.Count} in space '{MaskSpaces.Name(layout.Space)}'");
        }

        return new LayerMask(layout.Space, bits.Select(bit => bit == "1").ToArray());
    }

    private static PeftConfig ParseMethod(string method, string? variant)
    {
        if (!PeftMethodRegistry.Names.Contains(method))
        {
            throw new ArgumentException($"--method: unknown PEFT method '{method}' (choose {string.Join(", ", PeftMethodRegistry.Names)})");
        }

        if (method == SvDiffConfig.Name)
        {
            return variant switch
            {
                null or "author" => new SvDiffConfig { Kind = SvDiffVariant.Author },
                "memcontrol" => new SvDiffConfig { Kind = SvDiffVariant.Memcontrol },
                _ => throw new ArgumentException($"--variant: unknown svdiff variant '{variant}' (choose {string.Join(" or ", SvDiffVariants)})"),
            };
        }

        return variant is null
            ? PeftMethodRegistry.Get(method).DefaultConfig()
            : throw new ArgumentException($"--variant: the PEFT method '{method}' has no variants (only svdiff has: {string.Join(", ", SvDiffVariants)})");
    }

    private static MaskSpace ParseSpace(string name)
    {
        var known = Enum.GetValues<MaskSpace>().ToDictionary(MaskSpaces.Name);
        return known.TryGetValue(name, out var space)
            ? space
            : throw new ArgumentException($"--space: unknown mask space '{name}' (choose {string.Join(", ", known.Keys)})");
    }
}
