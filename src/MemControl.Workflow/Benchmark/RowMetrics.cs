namespace MemControl.Workflow.Benchmark;

/// <summary>
/// The Table 1 columns of one evaluated model (docs/decisions.md §8); null where the evaluation did not measure a column.
/// </summary>
/// <param name="Fd">Fréchet distance to held-out real images (FID in the paper's feature space; lower is better).</param>
/// <param name="Amd">Average minimum distance to the training images (higher = less memorization).</param>
/// <param name="Alignment">Agreement of the prompt's findings with what the classifier sees (higher is better).</param>
/// <param name="Extracted">Training prompts extracted by the extraction attack (lower is better).</param>
/// <param name="DenoisingStrength">Wen et al.'s mean ‖ε̂_cond − ε̂_uncond‖ during sampling (lower = less memorization).</param>
/// <param name="ReplicationRate">Share of generations whose nearest training image passes the replication threshold.</param>
public sealed record RowMetrics(
    double? Fd,
    double? Amd,
    double? Alignment,
    int? Extracted,
    double? DenoisingStrength,
    double? ReplicationRate)
{
    /// <summary>KID (unbiased, cubic kernel) to held-out real images, in the same features as FD (lower is better).</summary>
    public double? Kid { get; init; }

    /// <summary>
    /// Mean own rank of the memorization prompts' samples: 0 = nearest their own training image, 0.5 = no nearer it than
    /// to any other; higher is less memorization, and unlike AMD it does not follow quality.
    /// </summary>
    public double? OwnRank { get; init; }
}
