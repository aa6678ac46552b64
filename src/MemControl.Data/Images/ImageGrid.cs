namespace MemControl.Data.Images;

/// <summary>Tiles same-sized images into one picture (row-major, a 1-pixel-per-64 gap), for looking at samples.</summary>
public static class ImageGrid
{
    public static ImageData Compose(IReadOnlyList<ImageData> images, int columns)
    {
        if (images.Count == 0)
        {
            throw new ArgumentException("a grid needs at least one image", nameof(images));
        }

        var first = images[0];
        if (images.Any(i => i.Width != first.Width || i.Height != first.Height || i.Channels != first.Channels))
        {
            throw new ArgumentException("grid images must all have the same size and channels", nameof(images));
        }

        columns = Math.Clamp(columns, 1, images.Count);
        var rows = (images.Count + columns - 1) / columns;
        var gap = Math.Max(1, first.Width / 64);
        var width = (columns * first.Width) + ((columns - 1) * gap);
        var height = (rows * first.Height) + ((rows - 1) * gap);
        var pixels = new float[first.Channels * width * height];
        Array.Fill(pixels, 1f);
        for (var n = 0; n < images.Count; n++)
        {
            var left = n % columns * (first.Width + gap);
            var top = n / columns * (first.Height + gap);
            for (var c = 0; c < first.Channels; c++)
            {
                for (var y = 0; y < first.Height; y++)
                {
                    images[n].Pixels.AsSpan((c * first.Height * first.Width) + (y * first.Width), first.Width)
                        .CopyTo(pixels.AsSpan((c * width * height) + ((top + y) * width) + left, first.Width));
                }
            }
        }

        return new ImageData(first.Channels, height, width, pixels);
    }
}
