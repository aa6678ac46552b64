using System.Text.Json.Serialization;
using MemControl.Metrics.Quality;
using MemControl.Data.Images;

namespace MemControl.Metrics.Evaluation;

/// <summary>
/// Every metric of docs/decisions.md §8 for one model, with the thresholds used and per-image / per-prompt details.
/// FD is named after its features (<see cref="FeatureSpaceScores.FrechetDistanceName"/>, e.g. "FD-ResNet18").
/// </summary>
/// <param name="Options">The options it ran with.</param>
/// <param name="Training">The training set's name.</param>
/// <param name="TrainingImages">Training images searched.</param>
/// <param name="HeldOut">The held-out set's name.</param>
/// <param name="HeldOutPrompts">Held-out prompts.</param>
/// <param name="ImageSize">Side of the generated images (real images are compared at this side too).</param>
/// <param name="Quality">FD, AMD and MiFID in one feature space.</param>
/// <param name="Replication">Replication rate against the train-to-train baseline.</param>
/// <param name="Alignment">Findings agreement, or null when the data has no 0/1 finding labels.</param>
/// <param name="AlignmentNote">Why alignment is missing, or which findings it read.</param>
/// <param name="DenoisingStrength">Denoising strength (null for injected images without it).</param>
/// <param name="Memorization">Extraction attack and copying (null without a memorization set).</param>
/// <param name="Generations">Every held-out generation, closest to a training image first.</param>
/// <param name="MemorizationPrompts">Per memorization prompt, most copied first.</param>
public sealed record EvaluationResult(
    EvaluationOptions Options,
    string Training,
    int TrainingImages,
    string HeldOut,
    int HeldOutPrompts,
    int ImageSize,
    FeatureSpaceScores Quality,
    ReplicationFigures Replication,
    AlignmentFigures? Alignment,
    string AlignmentNote,
    DenoisingStrengthFigures? DenoisingStrength,
    MemorizationFigures? Memorization,
    IReadOnlyList<GenerationDetail> Generations,
    IReadOnlyList<MemorizationPromptDetail> MemorizationPrompts)
{
    /// <summary>The held-out generations in [0, 1] (index = <see cref="GenerationDetail.Row"/>), when kept.</summary>
    [JsonIgnore]
    public IReadOnlyList<ImageData>? HeldOutImages { get; init; }

    /// <summary>The memorization samples in [0, 1], prompt by prompt, when kept.</summary>
    [JsonIgnore]
    public IReadOnlyList<ImageData>? MemorizationImages { get; init; }
}
