using static TorchSharp.torch;

namespace MemControl.Workflow.Export;

/// <summary>What <see cref="ModelExporter.Export"/> exports, and where to.</summary>
public sealed record ExportOptions
{
    /// <summary>The base model: a diffusers pipeline folder, or <c>builtin</c>.</summary>
    public required string Model { get; init; }

    /// <summary>The adapter folder (<c>adapter.json</c> + <c>adapter.safetensors</c>) trained on <see cref="Model"/>.</summary>
    public required string Adapter { get; init; }

    /// <summary>The folder to create; it must not exist yet, or be empty.</summary>
    public required string Output { get; init; }

    public ExportFormat Format { get; init; } = ExportFormat.Diffusers;

    /// <summary>The floating-point type of every written weight (integer tensors keep theirs).</summary>
    public ScalarType DType { get; init; } = ScalarType.Float32;
}
