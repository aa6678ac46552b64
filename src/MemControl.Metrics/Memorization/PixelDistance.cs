using MemControl.Models.Runtime;
using static TorchSharp.torch;

namespace MemControl.Metrics.Memorization;

/// <summary>
/// Per-pixel RMS differences between images given as the data layer's tensors (<c>[N, C, H, W]</c>, values in
/// [-1, 1]); distances are reported on the [0, 1] pixel scale, the scale of the thresholds in docs/decisions.md §8
/// (extraction τ ≈ 0.206 = L2 20 over a 56 × 56 × 3 tile; copying τ = 0.075).
/// </summary>
public static class PixelDistance
{
    /// <summary>Whole-image RMS between every image of <paramref name="first"/> and of <paramref name="second"/>: <c>[A, B]</c>.</summary>
    public static double[,] Rms(Tensor first, Tensor second)
    {
        CheckImages(first, nameof(first));
        CheckImages(second, nameof(second));
        using var scope = NewDisposeScope();
        var a = first.detach().to(ScalarType.Float64, CPU).flatten(1);
        var b = second.detach().to(ScalarType.Float64, CPU).flatten(1);
        if (a.shape[1] != b.shape[1])
        {
            throw new ArgumentException($"images differ in size: {a.shape[1]} and {b.shape[1]} values");
        }

        // ‖a − b‖ / √P on [-1, 1] values, halved for the [0, 1] scale.
        var rms = cdist(a.unsqueeze(0), b.unsqueeze(0)).squeeze(0).DividedBy(Math.Sqrt(a.shape[1])).DividedBy(2);
        return ToMatrix(rms);
    }

    /// <summary>
    /// Carlini et al.'s tiled distance between every pair of <paramref name="first"/> × <paramref name="second"/>:
    /// each image is cut into <paramref name="tiles"/> × <paramref name="tiles"/> tiles (edges that do not divide evenly
    /// are dropped), the RMS difference is taken per tile, and the distance is the largest tile RMS, so two images
    /// are close only when every region is close.
    /// </summary>
    public static double[,] MaxTileRms(Tensor first, Tensor second, int tiles = 4)
    {
        CheckImages(first, nameof(first));
        CheckImages(second, nameof(second));
        using var scope = NewDisposeScope();
        var a = TilesOf(first, tiles); // [tiles², A, P]
        var b = TilesOf(second, tiles); // [tiles², B, P]
        if (a.shape[2] != b.shape[2])
        {
            throw new ArgumentException($"images differ in size: tiles of {a.shape[2]} and {b.shape[2]} values");
        }

        var perTile = cdist(a, b).DividedBy(Math.Sqrt(a.shape[2])).DividedBy(2); // [tiles², A, B]
        return ToMatrix(perTile.amax(0));
    }

    private static Tensor TilesOf(Tensor images, int tiles)
    {
        var (height, width) = (images.shape[2], images.shape[3]);
        var (tileHeight, tileWidth) = (height / tiles, width / tiles);
        if (tiles < 1 || tileHeight < 1 || tileWidth < 1)
        {
            throw new ArgumentException($"tiles: {tiles} × {tiles} tiles do not fit {height} × {width} images", nameof(tiles));
        }

        var n = images.shape[0];
        var channels = images.shape[1];
        var cropped = images.detach().to(ScalarType.Float64, CPU)[.., .., ..(int)(tileHeight * tiles), ..(int)(tileWidth * tiles)];
        return cropped
            .reshape(n, channels, tiles, tileHeight, tiles, tileWidth) // [N, C, ty, th, tx, tw]
            .permute(2, 4, 0, 1, 3, 5) // [ty, tx, N, C, th, tw]
            .reshape(tiles * tiles, n, channels * tileHeight * tileWidth);
    }

    private static void CheckImages(Tensor images, string name)
    {
        ArgumentNullException.ThrowIfNull(images, name);
        if (images.dim() != 4)
        {
            throw new ArgumentException($"{name}: expected images [N, C, H, W], got [{string.Join(", ", images.shape)}]", name);
        }
    }

    private static double[,] ToMatrix(Tensor matrix)
    {
        var rows = (int)matrix.shape[0];
        var columns = (int)matrix.shape[1];
        var flat = matrix.contiguous().data<double>().ToArray();
        var result = new double[rows, columns];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(double));
        return result;
    }
}
