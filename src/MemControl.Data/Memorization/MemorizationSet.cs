using MemControl.Data.Manifests;

namespace MemControl.Data.Memorization;

/// <summary>
/// The result of paper §4.1's construction over a training split: the memorization set M (N distinct pairs) and the
/// search's training set D_HPO = M repeated R times + a random fraction of the remaining training items.
/// </summary>
/// <param name="Training">The training split it was drawn from.</param>
/// <param name="MemorizationIndices">Indices into <paramref name="Training"/> of the N chosen pairs.</param>
/// <param name="ExtraIndices">Indices of the added fraction of other training items.</param>
/// <param name="Repeats">R.</param>
public sealed record MemorizationSet(
    IImageCaptionDataset Training,
    IReadOnlyList<int> MemorizationIndices,
    IReadOnlyList<int> ExtraIndices,
    int Repeats)
{
    /// <summary>M itself, each pair once (for measuring memorization).</summary>
    public DatasetView Memorization => new(Training, MemorizationIndices, $"{Training.Name} [memorization set]");

    /// <summary>D_HPO: each memorization pair R times, then the extra items once each.</summary>
    public DatasetView HpoTraining =>
        new(Training, MemorizationIndices.SelectMany(i => Enumerable.Repeat(i, Repeats)).Concat(ExtraIndices), $"{Training.Name} [D_HPO]");

    /// <summary>
    /// Saves M as <c>memorization-set.csv</c> and D_HPO as <c>d-hpo.csv</c> (with a <c>repeats</c> column) in
    /// <paramref name="folder"/>, so a run can be inspected and repeated from the files alone.
    /// Needs items backed by image files.
    /// </summary>
    public (string MemorizationManifest, string HpoManifest) Save(string folder)
    {
        var memorizationPath = Path.Combine(folder, "memorization-set.csv");
        var hpoPath = Path.Combine(folder, "d-hpo.csv");
        var memorizationItems = MemorizationIndices.Select(i => Training.Items[i]).ToArray();
        ManifestWriter.Write(memorizationPath, memorizationItems);

        var hpoItems = memorizationItems.Concat(ExtraIndices.Select(i => Training.Items[i])).ToArray();
        var hpoRepeats = MemorizationIndices.Select(_ => Repeats).Concat(ExtraIndices.Select(_ => 1)).ToArray();
        ManifestWriter.Write(hpoPath, hpoItems, hpoRepeats);
        return (memorizationPath, hpoPath);
    }
}
