using MemControl.Data;
using MemControl.Data.Images;

namespace MemControl.Tests.Data.Support;

/// <summary>
/// A test dataset: item i's image is filled with i / Count, items listed in <c>broken</c> fail to decode as a damaged
/// file would, and every load is counted.
/// </summary>
public sealed class CountingDataset(int count, params int[] broken) : IImageCaptionDataset
{
    private int loads;

    public string Name => "counting";

    public IReadOnlyList<DatasetItem> Items { get; } = Enumerable.Range(0, count)
        .Select(i => new DatasetItem($"item-{i}", null, $"caption {i}", $"s{i % 7}", null, DatasetItem.NoLabels, $"counting:{i}"))
        .ToArray();

    public int Loads => Volatile.Read(ref loads);

    public ImageData LoadImage(int index, int size)
    {
        Interlocked.Increment(ref loads);
        if (broken.Contains(index))
        {
            throw new InvalidDataException($"image 'item-{index}.jpg' is truncated; replace the file or remove its row.");
        }

        var pixels = new float[size * size];
        Array.Fill(pixels, index / (float)count);
        return new ImageData(1, size, size, pixels);
    }
}
