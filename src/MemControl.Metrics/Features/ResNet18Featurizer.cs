using MemControl.Metrics.Features.Onnx;

namespace MemControl.Metrics.Features;

/// <summary>
/// The default feature model: ML.NET's ImageNet ResNet-18 (CNTK export; 512-d, global-average-pooled after the last
/// ReLU, no classifier), from NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1, which the Metrics project
/// downloads and copies to <c>bin/DnnImageModels/</c>.
/// <para>
/// Preprocessing is ours but equals the package's ResNetPreprocess.onnx (Split RGB → Concat BGR → Sub MeanImage):
/// RGB planar 0–255 at 224², channels reordered to BGR, minus the per-pixel BGR mean image read from that file.
/// Figures made with these features are "FD-ResNet18"; they are <b>not</b> comparable with published FID
/// (InceptionV3 pool3, 2048-d).
/// </para>
/// </summary>
public static class ResNet18Featurizer
{
    /// <summary>The feature space's name in figures (e.g. "FD-ResNet18").</summary>
    public const string FeatureSpaceName = "ResNet18";

    /// <summary>Length of a feature vector.</summary>
    public const int Dimension = 512;

    /// <summary>Where the build copies the package's models.</summary>
    public static string ModelDirectory => Path.Combine(AppContext.BaseDirectory, "DnnImageModels");

    /// <summary>The network.</summary>
    public static string ModelPath => Path.Combine(ModelDirectory, "ResNet18Onnx", "ResNet18.onnx");

    /// <summary>The package's preprocessing graph (its <c>MeanImage</c> constant is all we use).</summary>
    public static string PreprocessModelPath => Path.Combine(ModelDirectory, "ResNetPrepOnnx", "ResNetPreprocess.onnx");

    /// <summary>Whether both files are present (the build downloads them; a trimmed copy may lack them).</summary>
    public static bool IsAvailable => File.Exists(ModelPath) && File.Exists(PreprocessModelPath);

    /// <summary>The options that run the ResNet-18 with its Caffe-style preprocessing.</summary>
    /// <exception cref="FileNotFoundException">The model files are absent.</exception>
    public static OnnxFeatureExtractorOptions Options(int batchSize = 32, int intraOpThreads = 0)
    {
        foreach (var path in new[] { ModelPath, PreprocessModelPath })
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"ResNet-18 featurizer file not found: {path} (it comes from NuGet package " +
                    "Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1, which building MemControl.Metrics downloads)", path);
            }
        }

        var (shape, meanImage) = OnnxInitializerReader.ReadFloat(File.ReadAllBytes(PreprocessModelPath), "MeanImage");
        if (!shape.SequenceEqual(new long[] { 1, 3, 224, 224 }))
        {
            throw new InvalidDataException($"{PreprocessModelPath}: MeanImage has shape [{string.Join(",", shape)}], expected [1,3,224,224]");
        }

        return new OnnxFeatureExtractorOptions
        {
            ModelPath = ModelPath,
            FeatureSpaceName = FeatureSpaceName,
            InputSize = 224,
            ChannelOrder = ChannelOrder.Bgr,
            Scaling = PixelScaling.ZeroTo255,
            MeanImage = meanImage,
            BatchSize = batchSize,
            IntraOpThreads = intraOpThreads,
        };
    }

    /// <summary>A ready extractor (dispose it).</summary>
    public static OnnxImageFeatureExtractor Create(int batchSize = 32, int intraOpThreads = 0) =>
        new(Options(batchSize, intraOpThreads));
}
