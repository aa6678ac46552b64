using static TorchSharp.torch;

namespace MemControl.Workflow.Export;

/// <summary>The floating-point types an export can be written in, by the names users write (fp16, bf16, fp32).</summary>
public static class ExportDType
{
    /// <summary>The accepted names, for messages and help.</summary>
    public const string Names = "fp16, bf16, fp32";

    /// <summary>The scalar type <paramref name="name"/> names; anything else is an <see cref="ArgumentException"/>.</summary>
    public static ScalarType Parse(string name) => name.ToLowerInvariant() switch
    {
        "fp16" or "float16" => ScalarType.Float16,
        "bf16" or "bfloat16" => ScalarType.BFloat16,
        "fp32" or "float32" => ScalarType.Float32,
        _ => throw new ArgumentException($"dtype '{name}' is not one of {Names}", nameof(name)),
    };
}
