namespace MemControl.Data.Manifests;

/// <summary>Opens a manifest as a dataset for training: refuses it, naming every faulty row, when any row is unusable.</summary>
public static class ManifestDataset
{
    /// <summary>
    /// Reads <paramref name="path"/>; rows with <c>repeats</c> &gt; 1 appear that many times. Throws
    /// <see cref="InvalidDataException"/> listing the problems (up to 10) when a row is unusable.
    /// </summary>
    public static IImageCaptionDataset Open(string path, ManifestOptions? options = null)
    {
        var result = ManifestReader.Read(path, options);
        var errors = result.Problems.Where(p => p.IsError).ToArray();
        if (errors.Length > 0)
        {
            var shown = string.Join(Environment.NewLine, errors.Take(10).Select(e => "  " + e));
            var more = errors.Length > 10 ? $"{Environment.NewLine}  ... and {errors.Length - 10} more" : "";
            throw new InvalidDataException(
                $"{path}: {errors.Length} unusable row(s); fix them (`memcontrol data check --manifest {path}` lists all):"
                + $"{Environment.NewLine}{shown}{more}");
        }

        if (result.Items.Count == 0)
        {
            throw new InvalidDataException($"{path}: the manifest has a header but no rows; add one row per image.");
        }

        var dataset = new FileImageDataset(path, result.Items);
        if (result.Repeats.All(r => r == 1))
        {
            return dataset;
        }

        var indices = result.Repeats.SelectMany((count, index) => Enumerable.Repeat(index, count));
        return new DatasetView(dataset, indices, path);
    }
}
