using MemControl.Data.Images;
using SkiaSharp;

namespace MemControl.Data.FashionMnist;

/// <summary>
/// Fashion-MNIST (Xiao et al. 2017) from its four IDX files — Debian's <c>dataset-fashion-mnist</c> puts them in
/// <see cref="DebianFolder"/> — as a captioned dataset for pre-training the built-in base model: each 28×28 gray image
/// is its own subject, captioned "a photo of a sneaker". The files' train/t10k parts become the train/test splits.
/// </summary>
public sealed class FashionMnistDataset : IImageCaptionDataset
{
    public const string DebianFolder = "/usr/share/datasets/fashion-mnist";

    private const int Side = 28;

    /// <summary>The class names in label order (0 = T-shirt/top ... 9 = ankle boot), as the captions say them.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot"];

    private readonly byte[][] pixels;

    private FashionMnistDataset(string name, IReadOnlyList<DatasetItem> items, byte[][] pixels)
    {
        Name = name;
        Items = items;
        this.pixels = pixels;
    }

    public string Name { get; }

    public IReadOnlyList<DatasetItem> Items { get; }

    /// <summary>"a photo of a sneaker", "a photo of an ankle boot".</summary>
    public static string Caption(int label)
    {
        var name = ClassNames[label];
        var article = "aeiou".Contains(name[0], StringComparison.Ordinal) ? "an" : "a";
        return $"a photo of {article} {name}";
    }

    /// <summary>
    /// Reads <c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>, <c>t10k-images-idx3-ubyte</c> and
    /// <c>t10k-labels-idx1-ubyte</c> (each optionally <c>.gz</c>) from <paramref name="folder"/>.
    /// </summary>
    public static FashionMnistDataset Open(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException(
                $"Fashion-MNIST folder '{folder}' does not exist; install Debian's dataset-fashion-mnist or point at a folder of the four IDX files.");
        }

        var items = new List<DatasetItem>();
        var images = new List<byte[]>();
        foreach (var (prefix, split) in new[] { ("train", DatasetSplit.Train), ("t10k", DatasetSplit.Test) })
        {
            var imageFile = IdxFile.Read(Find(folder, $"{prefix}-images-idx3-ubyte"));
            var labelFile = IdxFile.Read(Find(folder, $"{prefix}-labels-idx1-ubyte"));
            if (imageFile.Dimensions.Count != 3 || imageFile.Dimensions[1] != Side || imageFile.Dimensions[2] != Side)
            {
                throw new InvalidDataException($"{folder}: {prefix} images are {string.Join("×", imageFile.Dimensions)}, expected N×28×28.");
            }

            if (labelFile.Dimensions.Count != 1 || labelFile.Dimensions[0] != imageFile.Dimensions[0])
            {
                throw new InvalidDataException(
                    $"{folder}: {prefix} has {imageFile.Dimensions[0]} images but {string.Join("×", labelFile.Dimensions)} labels.");
            }

            for (var i = 0; i < imageFile.Dimensions[0]; i++)
            {
                var label = labelFile.Data[i];
                if (label >= ClassNames.Count)
                {
                    throw new InvalidDataException($"{folder}: {prefix} label {i} is {label}; Fashion-MNIST labels are 0–9.");
                }

                var id = $"{prefix}-{i:D5}";
                var labels = new Dictionary<string, string> { ["class"] = ClassNames[label] };
                items.Add(new DatasetItem(id, null, Caption(label), id, split, labels, $"{prefix}-images-idx3-ubyte[{i}]"));
                images.Add(imageFile.Data.AsSpan(i * Side * Side, Side * Side).ToArray());
            }
        }

        return new FashionMnistDataset($"fashion-mnist({folder})", items, [.. images]);
    }

    public ImageData LoadImage(int index, int size)
    {
        var info = new SKImageInfo(Side, Side, SKColorType.Gray8, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        pixels[index].AsSpan().CopyTo(bitmap.GetPixelSpan());
        using var pixmap = bitmap.PeekPixels();
        return ImageDecoder.ResizeCentreCrop(pixmap, size);
    }

    private static string Find(string folder, string name)
    {
        foreach (var candidate in new[] { name, name + ".gz" })
        {
            var path = Path.Combine(folder, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException($"{folder}: neither {name} nor {name}.gz is there; the folder needs the four Fashion-MNIST IDX files.", Path.Combine(folder, name));
    }
}
