using TorchSharp;

namespace MemControl.Metrics.Features;

/// <summary>Turns images into feature vectors (one row per image) for FD, AMD and nearest-neighbour search.</summary>
public interface IImageFeatureExtractor
{
    /// <summary>The feature space's name, used to label figures, e.g. <c>ResNet18</c> (→ "FD-ResNet18").</summary>
    string FeatureSpaceName { get; }

    /// <summary>Features of images <c>[N, C, H, W]</c>, C = 1 (gray) or 3 (RGB), values in [-1, 1] (the data layer's range).</summary>
    FeatureMatrix Extract(torch.Tensor images);
}
