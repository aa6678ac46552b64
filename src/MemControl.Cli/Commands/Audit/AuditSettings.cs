using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using MemControl.Workflow.Audit;

namespace MemControl.Cli.Commands.Audit;

/// <summary>The options of <c>memcontrol audit</c>.</summary>
public sealed class AuditSettings : CommandSettings
{
    [CommandOption("--train <MANIFEST>")]
    [Description("The training manifest CSV (image,caption,subject,...): the images a generator may have copied.")]
    public string? Train { get; init; }

    [CommandOption("--allow-outside-paths")]
    [Description("Accept --train image paths (and symbolic links) leading outside the manifest's folder.")]
    public bool AllowOutsidePaths { get; init; }

    [CommandOption("--generated <DIR>")]
    [Description("A folder of generated PNG/JPEG images (any generator).")]
    public string? Generated { get; init; }

    [CommandOption("--prompts <CSV>")]
    [Description("Optional CSV with columns file,prompt mapping each generated file to its prompt (enables duplicate groups).")]
    public string? Prompts { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("Output folder: audit.json, gallery.png, audit.html, audit.md.")]
    public string? Out { get; init; }

    [CommandOption("--size <S>")]
    [Description("Side of the gray images compared in pixel space (default 64).")]
    public int Size { get; init; } = 64;

    [CommandOption("--replication-threshold <COSINE>")]
    [Description("Fixed cosine threshold for replication (default: calibrated from the train-to-train baseline; 0.5 is reported beside it).")]
    public double? ReplicationThreshold { get; init; }

    [CommandOption("--baseline-quantile <Q>")]
    [Description("Quantile of the train-to-train nearest-other similarities used as the calibrated threshold (default 0.95).")]
    public double BaselineQuantile { get; init; } = 0.95;

    [CommandOption("--top <N>")]
    [Description("Rows of the nearest-neighbour gallery, closest first (default 16).")]
    public int Top { get; init; } = 16;

    [CommandOption("--feature-model <ONNX>")]
    [Description("A feature extractor ONNX (input N×3×224×224, RGB in 0–1, ImageNet mean/std); default: the packaged ResNet-18.")]
    public string? FeatureModel { get; init; }

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Train) ? ValidationResult.Error("--train <MANIFEST> is required")
        : string.IsNullOrWhiteSpace(Generated) ? ValidationResult.Error("--generated <DIR> is required")
        : string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out <DIR> is required")
        : Size is < 16 or > 1024 ? ValidationResult.Error($"--size must lie in [16, 1024], got {Size}")
        : ReplicationThreshold is < -1 or > 1 ? ValidationResult.Error($"--replication-threshold is a cosine in [-1, 1], got {ReplicationThreshold}")
        : BaselineQuantile is <= 0 or >= 1 ? ValidationResult.Error($"--baseline-quantile must lie in (0, 1), got {BaselineQuantile}")
        : Top < 1 ? ValidationResult.Error($"--top must be at least 1, got {Top}")
        : ValidationResult.Success();
}
