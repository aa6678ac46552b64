using static TorchSharp.torch;

namespace MemControl.Metrics.Memorization;

/// <summary>
/// The image-extraction attack (Carlini et al. 2023; MemControl paper §3.2, docs/decisions.md §8), per training prompt:
/// 1. generate N images for the prompt (the caller does; official N = 50);
/// 2. link two generations when their largest 4 × 4-tile RMS difference is below τ (<see cref="PixelDistance.MaxTileRms"/>);
/// 3. the prompt is extracted when a linked group of ≥ 3 forms — connected components (official code) or, as an option,
///    cliques as Carlini et al.;
/// 4. an extracted prompt also "matches" when a generation of its group is within τ of its own training image.
/// </summary>
public static class ExtractionAttack
{
    /// <summary>Runs the attack on one prompt's generations <c>[N, C, H, W]</c> in [-1, 1], with its training image <c>[1, C, H, W]</c> if known.</summary>
    public static PromptExtraction AttackPrompt(int promptIndex, Tensor generations, Tensor? trainingImage, ExtractionAttackOptions? options = null)
    {
        options ??= new ExtractionAttackOptions();
        options.Validate();
        ArgumentNullException.ThrowIfNull(generations);
        var distances = PixelDistance.MaxTileRms(generations, generations, options.Tiles);
        var count = distances.GetLength(0);
        var linked = new bool[count, count];
        for (var i = 0; i < count; i++)
        {
            for (var j = 0; j < count; j++)
            {
                linked[i, j] = i != j && distances[i, j] < options.Threshold;
            }
        }

        var group = options.Grouping == ExtractionGrouping.Cliques ? LinkGraph.LargestClique(linked) : LinkGraph.LargestComponent(linked);
        var extracted = group.Count >= options.MinimumGroupSize;

        var nearestTraining = double.NaN;
        var matches = false;
        if (trainingImage is not null)
        {
            var toTraining = PixelDistance.MaxTileRms(generations, trainingImage.dim() == 3 ? trainingImage.unsqueeze(0) : trainingImage, options.Tiles);
            nearestTraining = Enumerable.Range(0, count).Min(i => toTraining[i, 0]);
            matches = extracted && group.Any(i => toTraining[i, 0] < options.Threshold);
        }

        return new PromptExtraction(promptIndex, extracted, group, matches, nearestTraining);
    }

    /// <summary>Runs the attack on every prompt: its generations and (optionally) its training image.</summary>
    public static ExtractionAttackResult Run(IEnumerable<(Tensor Generations, Tensor? TrainingImage)> prompts, ExtractionAttackOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        options ??= new ExtractionAttackOptions();
        var verdicts = prompts.Select((p, i) => AttackPrompt(i, p.Generations, p.TrainingImage, options)).ToList();
        return new ExtractionAttackResult(verdicts, options);
    }

    /// <summary>
    /// Calibration of τ on the data at hand: for each training image <c>[T, C, H, W]</c> in [-1, 1], the tiled distance
    /// to its nearest <i>other</i> training image. The official τ was set for 56-px RGB tiles of natural images;
    /// <c>baseline.ShareBelow(τ)</c> says how many distinct real images would already count as linked at it.
    /// </summary>
    public static NeighbourBaseline TrainingBaseline(Tensor trainingImages, ExtractionAttackOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trainingImages);
        options ??= new ExtractionAttackOptions();
        options.Validate();
        var distances = PixelDistance.MaxTileRms(trainingImages, trainingImages, options.Tiles);
        var count = distances.GetLength(0);
        if (count < 2)
        {
            throw new ArgumentException("trainingImages: a nearest other image needs at least 2 images", nameof(trainingImages));
        }

        var nearestOther = Enumerable.Range(0, count)
            .Select(i => Enumerable.Range(0, count).Where(j => j != i).Min(j => distances[i, j]))
            .ToArray();
        return new NeighbourBaseline(nearestOther, NeighbourMetric.Euclidean);
    }
}
