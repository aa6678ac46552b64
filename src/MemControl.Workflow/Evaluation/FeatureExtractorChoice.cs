using MemControl.Metrics.Features;

namespace MemControl.Workflow.Evaluation;

/// <summary>
/// The feature extractor of an evaluation or audit: the packaged ImageNet ResNet-18 by default; a user's ONNX under the
/// common torchvision contract otherwise ([N, 3, 224, 224] RGB in [0, 1], ImageNet mean/std), as <c>audit</c>.
/// </summary>
public static class FeatureExtractorChoice
{
    /// <param name="onnxPath">A user's ONNX model, or null for the packaged ResNet-18.</param>
    /// <param name="name">What the caller calls the path in its errors (a property, or a command's option).</param>
    public static OnnxImageFeatureExtractor Create(string? onnxPath, string name)
    {
        if (onnxPath is null)
        {
            return ResNet18Featurizer.Create(batchSize: 16);
        }

        if (!File.Exists(onnxPath))
        {
            throw new FileNotFoundException($"{name}: ONNX file '{onnxPath}' does not exist.", onnxPath);
        }

        return new OnnxImageFeatureExtractor(new OnnxFeatureExtractorOptions
        {
            ModelPath = onnxPath,
            FeatureSpaceName = Path.GetFileNameWithoutExtension(onnxPath),
            ChannelOrder = ChannelOrder.Rgb,
            Scaling = PixelScaling.ZeroToOne,
            ChannelMean = [0.485f, 0.456f, 0.406f],
            ChannelStd = [0.229f, 0.224f, 0.225f],
            BatchSize = 16,
        });
    }
}
