namespace MemControl.Data.Loading;

/// <summary>How a <see cref="BatchLoader"/> reads a dataset.</summary>
public sealed record BatchLoaderOptions
{
    public int BatchSize { get; init; } = 8;

    /// <summary>Seeds the per-epoch order and the caption transforms: the same seed gives the same batches.</summary>
    public int Seed { get; init; }

    /// <summary>A new permutation each epoch (training); off for evaluation, which reads in item order.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Batches decoded ahead of the consumer; bounds the memory to (prefetch + 1) batches.</summary>
    public int Prefetch { get; init; } = 2;

    /// <summary>Threads that decode the images of one batch in parallel.</summary>
    public int Workers { get; init; } = Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>Leave out a last batch smaller than <see cref="BatchSize"/>.</summary>
    public bool DropLast { get; init; }

    public void Validate()
    {
        if (BatchSize < 1)
        {
            throw new ArgumentException($"{nameof(BatchSize)}: must be at least 1, got {BatchSize}");
        }

        if (Prefetch < 1)
        {
            throw new ArgumentException($"{nameof(Prefetch)}: must be at least 1, got {Prefetch}");
        }

        if (Workers < 1)
        {
            throw new ArgumentException($"{nameof(Workers)}: must be at least 1, got {Workers}");
        }
    }
}
