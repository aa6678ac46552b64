using MemControl.Metrics.Features;
using MemControl.Metrics.Features.Onnx;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace MemControl.Tests.Metrics;

/// <summary>Needs the ONNX files that building MemControl.Metrics downloads; skips with a message when they are absent.</summary>
public class ResNet18FeatureTests
{
    private static void RequireModel()
    {
        if (!ResNet18Featurizer.IsAvailable)
        {
            Assert.Skip($"ResNet-18 ONNX files absent under {ResNet18Featurizer.ModelDirectory} " +
                "(NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 was not downloaded)");
        }
    }

    // Three fixed 64 × 64 images in [-1, 1]: a gray gradient, a gray disc, an RGB pattern.
    private static Tensor FixedImages()
    {
        var y = linspace(-1, 1, 64).reshape(1, 64, 1).expand(1, 64, 64);
        var x = linspace(-1, 1, 64).reshape(1, 1, 64).expand(1, 64, 64);
        var gradient = (y * 0.8f).expand(3, -1, -1);
        var disc = where((x * x + y * y) < 0.4f, 0.7f, -0.6f).expand(3, -1, -1);
        var pattern = cat([(x * 3).sin(), (y * 5).cos(), x * y], 0);
        return stack([gradient, disc, pattern]);
    }

    [Fact]
    public void The_mean_image_has_the_published_bgr_channel_averages()
    {
        // Given
        RequireModel();

        // When
        var (shape, values) = OnnxInitializerReader.ReadFloat(File.ReadAllBytes(ResNet18Featurizer.PreprocessModelPath), "MeanImage");

        // Then: B 103.06, G 115.90, R 123.15 (measured with ONNX tooling, docs/dependencies.md §2)
        Assert.Equal([1L, 3, 224, 224], shape);
        var plane = 224 * 224;
        Assert.Equal(103.06, values.Take(plane).Average(), 0.01);
        Assert.Equal(115.90, values.Skip(plane).Take(plane).Average(), 0.01);
        Assert.Equal(123.15, values.Skip(2 * plane).Average(), 0.01);
    }

    [Fact]
    public void Our_preprocessing_equals_the_packaged_preprocessing_graph()
    {
        // Given: one image at 224² so no resize is involved; the package's graph takes RGB planar 0–255
        RequireModel();
        using var generator = new Generator(3);
        var image = rand([1, 3, 224, 224], generator: generator) * 2 - 1;
        var rgb255 = ((image + 1) / 2 * 255).contiguous().data<float>().ToArray();

        // When
        using var session = new InferenceSession(File.ReadAllBytes(ResNet18Featurizer.PreprocessModelPath));
        using var input = OrtValue.CreateTensorValueFromMemory(rgb255, [1, 3, 224, 224]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [session.InputNames[0]], [input], [session.OutputNames[0]]);
        var expected = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        var ours = new FeatureInputPreprocessor(ResNet18Featurizer.Options()).Prepare(image).data<float>().ToArray();

        // Then
        Assert.Equal(expected.Length, ours.Length);
        Assert.True(expected.Zip(ours).Max(p => Math.Abs(p.First - p.Second)) < 1e-3);
    }

    [Fact]
    public void The_rewritten_model_accepts_any_batch_size()
    {
        // Given
        RequireModel();
        var original = File.ReadAllBytes(ResNet18Featurizer.ModelPath);

        // When
        var rewritten = OnnxModelRewriter.MakeBatchDimensionDynamic(original);
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var before = new InferenceSession(original, options);
        using var after = new InferenceSession(rewritten, options);

        // Then: the batch dimension was fixed at 1 and is now symbolic; the other dimensions are kept
        Assert.Equal([1, 3, 224, 224], before.InputMetadata.Values.Single().Dimensions);
        Assert.Equal([-1, 3, 224, 224], after.InputMetadata.Values.Single().Dimensions);
        Assert.Equal(-1, after.OutputMetadata.Values.Single().Dimensions[0]);
    }

    [Fact]
    public void Features_of_fixed_images_are_the_same_across_runs_and_batch_sizes()
    {
        // Given
        RequireModel();
        var images = FixedImages();
        using var extractor = ResNet18Featurizer.Create(batchSize: 3);

        // When
        var first = extractor.Extract(images);
        var again = extractor.Extract(images);
        var oneByOne = extractor.Extract(images, batchSize: 1);

        // Then: 512 non-negative values per image (pooled after ReLU), reproducible, and batching changes nothing
        Assert.Equal(3, first.Count);
        Assert.Equal(ResNet18Featurizer.Dimension, first.Dimension);
        Assert.All(first.Values, v => Assert.True(v >= 0));
        Assert.Equal(first.Values, again.Values);
        Assert.True(first.Values.Zip(oneByOne.Values).Max(p => Math.Abs(p.First - p.Second)) < 1e-4);
        Assert.NotEqual(first.Row(0).ToArray(), first.Row(1).ToArray());
    }

    [Fact]
    public void Gray_images_read_like_the_same_image_in_three_channels()
    {
        // Given
        RequireModel();
        var gray = FixedImages()[1].narrow(0, 0, 1).unsqueeze(0);
        using var extractor = ResNet18Featurizer.Create();

        // When
        var fromGray = extractor.Extract(gray);
        var fromRgb = extractor.Extract(gray.expand(1, 3, -1, -1));

        // Then
        Assert.True(fromGray.Values.Zip(fromRgb.Values).Max(p => Math.Abs(p.First - p.Second)) < 1e-5);
    }

    [Fact]
    public void A_user_model_whose_input_size_differs_from_the_options_is_refused_naming_the_option()
    {
        // Given
        RequireModel();
        var options = ResNet18Featurizer.Options() with { InputSize = 128, MeanImage = null };

        // When
        var error = Record.Exception(() => new OnnxImageFeatureExtractor(options));

        // Then
        Assert.IsType<ArgumentException>(error);
        Assert.Contains("InputSize", error.Message);
    }

    [Fact]
    public void A_missing_model_file_is_reported_by_path()
    {
        // Given
        var options = new OnnxFeatureExtractorOptions { ModelPath = "/nonexistent/model.onnx" };

        // When
        var error = Record.Exception(() => new OnnxImageFeatureExtractor(options));

        // Then
        Assert.IsType<FileNotFoundException>(error);
        Assert.Contains("/nonexistent/model.onnx", error.Message);
    }
}
