using MemControl.Metrics.Features;

namespace MemControl.Workflow.Evaluation;

/// <summary>
/// The feature extractor of <c>--features</c>: the packaged ImageNet ResNet-18 by default; a user's ONNX under the
/// common torchvision contract otherwise ([N, 3, 224, 224] RGB in [0, 1], ImageNet mean/std), as <c>audit</c>.
/// </summary>
public static class FeatureExtractorChoice
{
    public static OnnxImageFeatureExtractor Create(string? onnxPath, string optionName = "--features")
    {
        if (onnxPath is null)
        {
            return ResNet18Featurizer.Create(batchSize: 16);
        }

        if (!File.Exists(onnxPath))
        {
            throw new FileNotFoundException($"{optionName}: ONNX file '{onnxPath}' does not exist.", onnxPath);
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
