using MemControl.Data.Images;

namespace MemControl.Data;

/// <summary>A dataset whose images are files (manifest, MIMIC-CXR-JPG): each image is decoded when asked for.</summary>
public sealed class FileImageDataset : IImageCaptionDataset
{
    public FileImageDataset(string name, IReadOnlyList<DatasetItem> items)
    {
        var withoutFile = items.FirstOrDefault(i => i.ImagePath is null);
        if (withoutFile is not null)
        {
            throw new ArgumentException($"item '{withoutFile.Id}' ({withoutFile.Origin}) has no image file", nameof(items));
        }

        Name = name;
        Items = items;
    }

    public string Name { get; }

    public IReadOnlyList<DatasetItem> Items { get; }

    public ImageData LoadImage(int index, int size) => ImageDecoder.DecodeFile(Items[index].ImagePath!, size);
}
