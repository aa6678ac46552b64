using TorchSharp;

namespace MemControl.Data.Images;

/// <summary>Conversions between image tensors and <see cref="ImageData"/>.</summary>
public static class ImageBatch
{
    /// <summary>[B, C, H, W] in [0, 1] → one planar <see cref="ImageData"/> per image (ImageData's own layout).</summary>
    public static IReadOnlyList<ImageData> ToImages(torch.Tensor batch)
    {
        var (count, channels, height, width) = ((int)batch.shape[0], (int)batch.shape[1], (int)batch.shape[2], (int)batch.shape[3]);
        var pixels = batch.to(torch.ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
        var size = channels * height * width;
        var images = new ImageData[count];
        for (var i = 0; i < count; i++)
        {
            images[i] = new ImageData(channels, height, width, pixels[(i * size)..((i + 1) * size)]);
        }

        return images;
    }
}
