namespace MemControl.Metrics.Features;

/// <summary>
/// Feature vectors of a set of images, one row per image, stored row-major in one float array
/// (<c>Values[row * Dimension + column]</c>). Produced by an <see cref="IImageFeatureExtractor"/>; consumed by the
/// Fréchet distance, AMD and the nearest-neighbour search.
/// </summary>
public sealed class FeatureMatrix
{
    public FeatureMatrix(float[] values, int count, int dimension)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if ((long)count * dimension != values.Length)
        {
            throw new ArgumentException($"{values.Length} values do not make {count} rows of {dimension}", nameof(values));
        }

        Values = values;
        Count = count;
        Dimension = dimension;
    }

    /// <summary>The row-major values, <see cref="Count"/> × <see cref="Dimension"/>.</summary>
    public float[] Values { get; }

    /// <summary>Number of rows (images).</summary>
    public int Count { get; }

    /// <summary>Length of each feature vector.</summary>
    public int Dimension { get; }

    /// <summary>One row as a span.</summary>
    public ReadOnlySpan<float> Row(int index) => Values.AsSpan(index * Dimension, Dimension);

    /// <summary>Builds a matrix from separate rows of equal length.</summary>
    public static FeatureMatrix FromRows(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            throw new ArgumentException("no rows given", nameof(rows));
        }

        var dimension = rows[0].Length;
        var values = new float[rows.Count * dimension];
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != dimension)
            {
                throw new ArgumentException($"row {i} has {rows[i].Length} values, row 0 has {dimension}", nameof(rows));
            }

            rows[i].CopyTo(values, i * dimension);
        }

        return new FeatureMatrix(values, rows.Count, dimension);
    }

    /// <summary>Stacks matrices of the same dimension (e.g. the batches of one extraction).</summary>
    public static FeatureMatrix Concatenate(IReadOnlyList<FeatureMatrix> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("nothing to concatenate", nameof(parts));
        }

        var dimension = parts[0].Dimension;
        var values = new float[parts.Sum(p => p.Values.Length)];
        var offset = 0;
        foreach (var part in parts)
        {
            if (part.Dimension != dimension)
            {
                throw new ArgumentException($"feature dimensions differ: {part.Dimension} and {dimension}", nameof(parts));
            }

            part.Values.CopyTo(values, offset);
            offset += part.Values.Length;
        }

        return new FeatureMatrix(values, parts.Sum(p => p.Count), dimension);
    }
}
