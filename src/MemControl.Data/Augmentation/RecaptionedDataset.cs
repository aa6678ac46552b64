using MemControl.Data.Images;

namespace MemControl.Data.Augmentation;

/// <summary>The same images with other captions (the official RWA variant fixes its augmented captions this way).</summary>
public sealed class RecaptionedDataset : IImageCaptionDataset
{
    private readonly IImageCaptionDataset source;

    public RecaptionedDataset(IImageCaptionDataset source, IReadOnlyList<string> captions)
    {
        if (captions.Count != source.Items.Count)
        {
            throw new ArgumentException($"{captions.Count} captions for {source.Items.Count} items", nameof(captions));
        }

        this.source = source;
        Items = source.Items.Select((item, i) => item with { Caption = captions[i] }).ToArray();
    }

    public string Name => source.Name;

    public IReadOnlyList<DatasetItem> Items { get; }

    public ImageData LoadImage(int index, int size) => source.LoadImage(index, size);
}
