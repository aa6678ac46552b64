using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Metrics.Quality.Alignment;

/// <summary>
/// A small multi-label CNN that reads findings from an image (stand-in for BioViL-T's image–text agreement):
/// three stride-2 conv + ReLU stages, global average pooling, one linear layer → one logit per finding.
/// Input <c>[N, C, S, S]</c> in [-1, 1].
/// </summary>
public sealed class FindingsClassifier : nn.Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly Linear head;

    public FindingsClassifier(int inputChannels, int findingCount, int width = 16) : base(nameof(FindingsClassifier))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(findingCount);
        features = nn.Sequential(
            nn.Conv2d(inputChannels, width, 3, stride: 2, padding: 1), nn.ReLU(),
            nn.Conv2d(width, 2 * width, 3, stride: 2, padding: 1), nn.ReLU(),
            nn.Conv2d(2 * width, 4 * width, 3, stride: 2, padding: 1), nn.ReLU(),
            nn.AdaptiveAvgPool2d(1), nn.Flatten());
        head = nn.Linear(4 * width, findingCount);
        FindingCount = findingCount;
        RegisterComponents();
    }

    public int FindingCount { get; }

    /// <summary>Logits <c>[N, findings]</c>.</summary>
    public override Tensor forward(Tensor images) => head.call(features.call(images));
}
