using MemControl.Data.Images;

namespace MemControl.Data;

/// <summary>
/// A dataset: its items' metadata in memory, each image produced on demand at a requested square size
/// (resized and centre-cropped), with values in [0, 1]. Implementations must be safe to call from several threads.
/// </summary>
public interface IImageCaptionDataset
{
    /// <summary>What the dataset is, for messages and reports (a manifest path, "phantoms(seed 0)", ...).</summary>
    string Name { get; }

    IReadOnlyList<DatasetItem> Items { get; }

    /// <summary>
    /// The image of item <paramref name="index"/> at <paramref name="size"/>×<paramref name="size"/>.
    /// Throws <see cref="InvalidDataException"/> (or <see cref="FileNotFoundException"/>) naming the file when it cannot be read.
    /// </summary>
    ImageData LoadImage(int index, int size);
}
