using MemControl.Data.Images;

namespace MemControl.Data;

/// <summary>
/// A dataset seen through a list of indices of another one: a split, a subset, or the memorization set where each
/// chosen index appears R times. Images are still produced by the underlying dataset.
/// </summary>
public sealed class DatasetView : IImageCaptionDataset
{
    private readonly IImageCaptionDataset source;
    private readonly int[] indices;

    public DatasetView(IImageCaptionDataset source, IEnumerable<int> indices, string name)
    {
        this.source = source;
        this.indices = indices.ToArray();
        foreach (var index in this.indices)
        {
            if ((uint)index >= (uint)source.Items.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), index, $"{source.Name} has {source.Items.Count} items");
            }
        }

        Name = name;
        Items = this.indices.Select(i => source.Items[i]).ToArray();
    }

    public string Name { get; }

    public IReadOnlyList<DatasetItem> Items { get; }

    /// <summary>The index in the underlying dataset of each item of this view.</summary>
    public IReadOnlyList<int> SourceIndices => indices;

    public IImageCaptionDataset Source => source;

    public ImageData LoadImage(int index, int size) => source.LoadImage(indices[index], size);
}
