using MemControl.Peft;
using MemControl.Peft.Masks;
using MemControl.Peft.SvDiff;
using static TorchSharp.torch;

namespace MemControl.Workflow.FineTuning;

/// <summary>
/// Turns a method, variant, mask and space into a PEFT configuration and a layer mask checked against the model, so
/// every mistake is one <see cref="ArgumentException"/> naming what it is wrong in ("Method: …", "Mask: …")
/// (a bad mask file is an <see cref="InvalidDataException"/> naming the file).
/// </summary>
public static class MethodChoice
{
    /// <summary>The method's default configuration with the chosen variant.</summary>
    public static PeftConfig Config(string method, string? variant)
    {
        if (!PeftMethodRegistry.Names.Contains(method))
        {
            throw new ArgumentException($"Method: unknown method '{method}' (choose {string.Join(", ", PeftMethodRegistry.Names)})");
        }

        var config = PeftMethodRegistry.Get(method).DefaultConfig();
        if (variant is null)
        {
            return config;
        }

        if (config is SvDiffConfig svdiff)
        {
            return variant switch
            {
                "author" => svdiff with { Kind = SvDiffVariant.Author },
                "memcontrol" => svdiff with { Kind = SvDiffVariant.Memcontrol },
                _ => throw new ArgumentException($"Variant: '{variant}' is not a variant of svdiff (choose author or memcontrol)"),
            };
        }

        return variant == config.Variant
            ? config
            : throw new ArgumentException($"Variant: the method '{method}' has no variant '{variant}'");
    }

    /// <summary>
    /// The mask <paramref name="value"/> names: a mask.json (checked for base model, method and length by
    /// <see cref="MaskFile.Load"/>) or bits in space <paramref name="space"/>; null without a mask.
    /// </summary>
    public static LayerMask? Mask(string? value, string space, PeftConfig config, nn.Module unet, string identity, PeftContext context)
    {
        if (value is null)
        {
            return null;
        }

        if (!PeftMethodRegistry.Create(config, context).SupportsMask)
        {
            throw new ArgumentException($"Mask: the method '{config.Method}' takes no mask");
        }

        if (File.Exists(value) || value.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            var file = MaskFile.Load(value, identity, s => MaskLayout.For(unet, s));
            if (file.Method != config.Method || file.Variant != config.Variant)
            {
                throw new ArgumentException(
                    $"Mask: '{value}' is for method {file.Method}{(file.Variant is null ? "" : "/" + file.Variant)}, "
                    + $"not {config.Method}{(config.Variant is null ? "" : "/" + config.Variant)}");
            }

            return file.Mask;
        }

        MaskSpace parsedSpace;
        LayerMask mask;
        try
        {
            parsedSpace = MaskSpaces.Parse(space);
        }
        catch (ArgumentException error)
        {
            throw new ArgumentException($"Space: {WithoutParameterName(error)}", error);
        }

        try
        {
            mask = LayerMask.Parse(parsedSpace, value);
            mask.CheckFits(MaskLayout.For(unet, parsedSpace));
        }
        catch (ArgumentException error)
        {
            throw new ArgumentException($"Mask: {WithoutParameterName(error)}", error);
        }

        return mask;
    }

    // ArgumentException.Message appends " (Parameter 'x')" when a parameter name was given; the user needs only the sentence.
    private static string WithoutParameterName(ArgumentException error) =>
        error.ParamName is null ? error.Message : error.Message.Replace($" (Parameter '{error.ParamName}')", "", StringComparison.Ordinal);
}
