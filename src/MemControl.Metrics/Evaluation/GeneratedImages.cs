using static TorchSharp.torch;

namespace MemControl.Metrics.Evaluation;

/// <summary>
/// Generations to be scored: images <c>[N, C, H, W]</c> in [-1, 1] on the CPU, which prompt each was made for, and
/// (when sampled by MemControl) each one's denoising strength (Wen et al., mean over sampling steps). Owns the tensor.
/// </summary>
public sealed class GeneratedImages : IDisposable
{
    public GeneratedImages(Tensor images, IReadOnlyList<int> promptIndex, IReadOnlyList<double>? denoisingStrength = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(promptIndex);
        if (images.dim() != 4 || images.shape[0] != promptIndex.Count)
        {
            throw new ArgumentException($"images [N, C, H, W] with one prompt index each needed, got [{string.Join(", ", images.shape)}] and {promptIndex.Count} indices");
        }

        if (denoisingStrength is not null && denoisingStrength.Count != promptIndex.Count)
        {
            throw new ArgumentException($"{denoisingStrength.Count} denoising strengths for {promptIndex.Count} images", nameof(denoisingStrength));
        }

        Images = images;
        PromptIndex = promptIndex;
        DenoisingStrength = denoisingStrength;
    }

    /// <summary><c>[N, C, H, W]</c> in [-1, 1], float32, CPU.</summary>
    public Tensor Images { get; }

    public IReadOnlyList<int> PromptIndex { get; }

    public IReadOnlyList<double>? DenoisingStrength { get; }

    public int Count => PromptIndex.Count;

    /// <summary>The rows made for prompt <paramref name="prompt"/>, in order.</summary>
    public int[] RowsOf(int prompt) => Enumerable.Range(0, Count).Where(i => PromptIndex[i] == prompt).ToArray();

    public void Dispose() => Images.Dispose();
}
