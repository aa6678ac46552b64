using static MemControl.Workflow.Requirements;

namespace MemControl.Workflow.Generation;

/// <summary>Prompts → images with a base model, or with a trained adapter merged into it (<see cref="GenerateRunner.Run"/>).</summary>
public sealed record GenerateRequest
{
    /// <summary>A diffusers model folder or <c>builtin</c>.</summary>
    public required string Model { get; init; }

    /// <summary>A folder <c>train</c> wrote (adapter.json, adapter.safetensors), or null for the base model.</summary>
    public string? Adapter { get; init; }

    /// <summary>One grid row per prompt.</summary>
    public required IReadOnlyList<string> Prompts { get; init; }

    /// <summary>The negative prompt of classifier-free guidance, or null for the empty one.</summary>
    public string? Negative { get; init; }

    /// <summary>Sampler steps.</summary>
    public int Steps { get; init; } = 50;

    /// <summary>Classifier-free guidance scale.</summary>
    public double Guidance { get; init; } = 7.5;

    /// <summary>Seed of the first prompt's noise; prompt p uses Seed + p.</summary>
    public long Seed { get; init; }

    /// <summary>Images per prompt (the grid's columns).</summary>
    public int Count { get; init; } = 1;

    /// <summary>cpu, cuda or cuda:N.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>The grid PNG; each image goes beside it as <c>&lt;name&gt;-i.png</c>.</summary>
    public required string Output { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first property that is wrong.</summary>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Model), $"{nameof(Model)}: a model folder or 'builtin' is required");
        Require(Prompts.Count > 0, $"{nameof(Prompts)}: at least one prompt is required");
        Require(Output.EndsWith(".png", StringComparison.OrdinalIgnoreCase), $"{nameof(Output)}: must be a .png file, not '{Output}'");
        Require(Steps >= 1, $"{nameof(Steps)}: must be at least 1, not {Steps}");
        Require(Count >= 1, $"{nameof(Count)}: must be at least 1, not {Count}");
        Require(double.IsFinite(Guidance), $"{nameof(Guidance)}: must be a number, not {Guidance}");
    }
}
