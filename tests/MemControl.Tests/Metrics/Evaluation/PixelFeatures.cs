using MemControl.Metrics.Features;
using TorchSharp;

namespace MemControl.Tests.Metrics.Evaluation;

/// <summary>A fast stand-in feature space for tests: each image's pixels, flattened (identical images → cosine 1).</summary>
internal sealed class PixelFeatures : IImageFeatureExtractor
{
    public string FeatureSpaceName => "Pixels";

    public FeatureMatrix Extract(torch.Tensor images)
    {
        using var flat = images.detach().to(torch.ScalarType.Float32, torch.CPU).flatten(1).contiguous();
        return new FeatureMatrix(flat.data<float>().ToArray(), (int)flat.shape[0], (int)flat.shape[1]);
    }
}
