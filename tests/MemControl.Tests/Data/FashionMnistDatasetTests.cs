using System.Buffers.Binary;
using System.IO.Compression;
using MemControl.Data;
using MemControl.Data.FashionMnist;
using MemControl.Tests.Data.Support;

namespace MemControl.Tests.Data;

public sealed class FashionMnistDatasetTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static byte[] Idx(int[] dimensions, byte[] data)
    {
        var bytes = new byte[4 + (4 * dimensions.Length) + data.Length];
        bytes[2] = 0x08;
        bytes[3] = (byte)dimensions.Length;
        for (var d = 0; d < dimensions.Length; d++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + (4 * d)), dimensions[d]);
        }

        data.CopyTo(bytes, 4 + (4 * dimensions.Length));
        return bytes;
    }

    private void WriteSet(string prefix, byte[] labels, bool gzip)
    {
        var images = new byte[labels.Length * 784];
        for (var i = 0; i < labels.Length; i++)
        {
            Array.Fill(images, (byte)(labels[i] * 25), i * 784, 784);
        }

        Write($"{prefix}-images-idx3-ubyte", Idx([labels.Length, 28, 28], images), gzip);
        Write($"{prefix}-labels-idx1-ubyte", Idx([labels.Length], labels), gzip);
    }

    private void Write(string name, byte[] bytes, bool gzip)
    {
        if (!gzip)
        {
            File.WriteAllBytes(folder.File(name), bytes);
            return;
        }

        using var file = File.Create(folder.File(name + ".gz"));
        using var stream = new GZipStream(file, CompressionLevel.Fastest);
        stream.Write(bytes);
    }

    [Fact]
    public void The_four_idx_files_give_captioned_images_in_train_and_test()
    {
        // Given: gzipped train files, plain test files
        WriteSet("train", [7, 9, 0], gzip: true);
        WriteSet("t10k", [8], gzip: false);

        // When
        var dataset = FashionMnistDataset.Open(folder.Path);

        // Then
        Assert.Equal(4, dataset.Items.Count);
        Assert.Equal("a photo of a sneaker", dataset.Items[0].Caption);
        Assert.Equal("a photo of an ankle boot", dataset.Items[1].Caption);
        Assert.Equal("a photo of a t-shirt", dataset.Items[2].Caption);
        Assert.Equal(DatasetSplit.Test, dataset.Items[3].Split);
        Assert.Equal("bag", dataset.Items[3].Labels["class"]);
        var image = dataset.LoadImage(0, 32);
        Assert.Equal(32 * 32, image.Pixels.Length);
        Assert.All(image.Pixels, v => Assert.Equal(175 / 255f, v, 2));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void The_real_dataset_reads_when_installed()
    {
        // Given: Debian's dataset-fashion-mnist, or a copy named by MEMCONTROL_FASHION_MNIST_DIR
        var real = Environment.GetEnvironmentVariable("MEMCONTROL_FASHION_MNIST_DIR") is { Length: > 0 } custom ? custom : FashionMnistDataset.DebianFolder;
        if (!Directory.Exists(real))
        {
            Assert.Skip($"Fashion-MNIST is not installed at {real} (apt-get install dataset-fashion-mnist)");
        }

        // When
        var dataset = FashionMnistDataset.Open(real);

        // Then: 60,000 + 10,000 images, ten balanced classes, the first training image an ankle boot (label 9)
        Assert.Equal(70_000, dataset.Items.Count);
        Assert.Equal(60_000, dataset.Items.Count(i => i.Split == DatasetSplit.Train));
        Assert.All(dataset.Items.GroupBy(i => i.Caption), g => Assert.Equal(7_000, g.Count()));
        Assert.Equal("a photo of an ankle boot", dataset.Items[0].Caption);
        Assert.InRange(dataset.LoadImage(0, 32).Pixels.Average(), 0.1f, 0.9f);
    }

    [Fact]
    public void A_truncated_idx_file_is_refused_naming_it()
    {
        // Given
        WriteSet("t10k", [1], gzip: false);
        var bytes = Idx([2, 28, 28], new byte[784]);
        File.WriteAllBytes(folder.File("train-images-idx3-ubyte"), bytes);
        Write("train-labels-idx1-ubyte", Idx([2], [1, 2]), gzip: false);

        // When
        var error = Assert.Throws<InvalidDataException>(() => FashionMnistDataset.Open(folder.Path));

        // Then
        Assert.Contains("train-images-idx3-ubyte", error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void A_missing_folder_or_file_is_named()
    {
        // When / Then
        Assert.Throws<DirectoryNotFoundException>(() => FashionMnistDataset.Open(folder.File("absent")));
        var error = Assert.Throws<FileNotFoundException>(() => FashionMnistDataset.Open(folder.Path));
        Assert.Contains("train-images-idx3-ubyte", error.Message);
    }
}
