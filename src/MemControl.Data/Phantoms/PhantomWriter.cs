using MemControl.Data.Images;
using MemControl.Data.Manifests;

namespace MemControl.Data.Phantoms;

/// <summary>Writes a phantom dataset as PNG files plus a <c>manifest.csv</c> in the manifest format.</summary>
public static class PhantomWriter
{
    /// <summary>Renders every study at <paramref name="size"/> into <c>images/</c> under <paramref name="folder"/>; returns the manifest path.</summary>
    public static string Write(PhantomDataset dataset, string folder, int size, IProgress<int>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 8);
        var imageFolder = Path.Combine(Path.GetFullPath(folder), "images");
        Directory.CreateDirectory(imageFolder);
        var items = new DatasetItem[dataset.Items.Count];
        var done = 0;
        Parallel.For(0, items.Length, i =>
        {
            var path = Path.Combine(imageFolder, $"{dataset.Items[i].Id}.png");
            ImageEncoder.WriteFile(path, dataset.LoadImage(i, size));
            items[i] = dataset.Items[i] with { ImagePath = path };
            var finished = Interlocked.Increment(ref done);
            if (finished % 100 == 0)
            {
                progress?.Report(finished);
            }
        });

        var manifest = Path.Combine(Path.GetFullPath(folder), "manifest.csv");
        ManifestWriter.Write(manifest, items);
        return manifest;
    }
}
