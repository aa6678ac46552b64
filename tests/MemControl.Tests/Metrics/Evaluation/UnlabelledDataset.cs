using MemControl.Data;
using MemControl.Data.Images;

namespace MemControl.Tests.Metrics.Evaluation;

/// <summary>A dataset's items with their labels removed (data without findings, as a plain manifest).</summary>
internal sealed class UnlabelledDataset(IImageCaptionDataset source) : IImageCaptionDataset
{
    public string Name => $"{source.Name} (no labels)";

    public IReadOnlyList<DatasetItem> Items { get; } = source.Items.Select(i => i with { Labels = DatasetItem.NoLabels }).ToArray();

    public ImageData LoadImage(int index, int size) => source.LoadImage(index, size);
}
