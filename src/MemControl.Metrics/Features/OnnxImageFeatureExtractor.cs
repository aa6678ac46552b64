using MemControl.Metrics.Features.Onnx;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace MemControl.Metrics.Features;

/// <summary>
/// Image features from an ONNX model through ONNX Runtime (CPU), batched. The default model is the ImageNet ResNet-18
/// (<see cref="ResNet18Featurizer"/>); any model that honours the <see cref="OnnxFeatureExtractorOptions"/> input
/// contract works, e.g. a chest-X-ray DenseNet-121 as the paper uses.
/// </summary>
public sealed class OnnxImageFeatureExtractor : IImageFeatureExtractor, IDisposable
{
    private readonly OnnxFeatureExtractorOptions _options;
    private readonly FeatureInputPreprocessor _preprocessor;
    private readonly InferenceSession _session;
    private readonly string _inputName;
    private readonly string _outputName;

    /// <exception cref="FileNotFoundException">The model file is missing.</exception>
    /// <exception cref="InvalidDataException">The file is not an ONNX model ONNX Runtime can load.</exception>
    /// <exception cref="ArgumentException">An option is wrong (names the option).</exception>
    public OnnxImageFeatureExtractor(OnnxFeatureExtractorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!File.Exists(options.ModelPath))
        {
            throw new FileNotFoundException($"ONNX feature model not found: {options.ModelPath}", options.ModelPath);
        }

        _options = options;
        _preprocessor = new FeatureInputPreprocessor(options);
        FeatureSpaceName = options.FeatureSpaceName ?? Path.GetFileNameWithoutExtension(options.ModelPath);

        var bytes = File.ReadAllBytes(options.ModelPath);
        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = options.IntraOpThreads,
        };
        try
        {
            var model = options.MakeBatchDimensionDynamic ? OnnxModelRewriter.MakeBatchDimensionDynamic(bytes) : bytes;
            _session = new InferenceSession(model, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"'{options.ModelPath}' is not an ONNX model ONNX Runtime can load: {e.Message}", e);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ArgumentException or OverflowException or IndexOutOfRangeException)
        {
            // The batch-dimension rewriter reads the protobuf first; its wire-format complaint alone would not say what is wrong.
            throw new InvalidDataException($"'{options.ModelPath}' is not an ONNX model (its bytes are not an ONNX protobuf: {e.Message})", e);
        }

        _inputName = PickName(options.InputName, _session.InputNames, "InputName");
        _outputName = PickName(options.OutputName, _session.OutputNames, "OutputName");
        CheckInputShape(_session.InputMetadata[_inputName].Dimensions);
    }

    public string FeatureSpaceName { get; }

    /// <inheritdoc />
    public FeatureMatrix Extract(Tensor images) => Extract(images, _options.BatchSize);

    /// <summary>Like <see cref="Extract(Tensor)"/> with another number of images per ONNX Runtime call.</summary>
    public FeatureMatrix Extract(Tensor images, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var count = (int)images.shape[0];
        var batches = new List<FeatureMatrix>();
        for (var start = 0; start < count; start += batchSize)
        {
            var length = Math.Min(batchSize, count - start);
            using var batch = images.narrow(0, start, length);
            batches.Add(ExtractBatch(batch));
        }

        return batches.Count == 0
            ? throw new ArgumentException("images: no images given", nameof(images))
            : FeatureMatrix.Concatenate(batches);
    }

    public void Dispose() => _session.Dispose();

    private FeatureMatrix ExtractBatch(Tensor batch)
    {
        using var input = _preprocessor.Prepare(batch);
        var values = input.data<float>().ToArray();
        using var inputValue = OrtValue.CreateTensorValueFromMemory(values, input.shape);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [_inputName], [inputValue], [_outputName]);
        var output = outputs[0].GetTensorDataAsSpan<float>();
        var count = (int)input.shape[0];
        return new FeatureMatrix(output.ToArray(), count, output.Length / count);
    }

    private static string PickName(string? wanted, IReadOnlyList<string> available, string option)
    {
        if (wanted is null)
        {
            return available[0];
        }

        return available.Contains(wanted)
            ? wanted
            : throw new ArgumentException($"{option}: the model has no '{wanted}' (it has {string.Join(", ", available)})", option);
    }

    private void CheckInputShape(int[] dimensions)
    {
        // [N, 3, S, S]; a dimension < 1 is symbolic (free), anything else must match the contract.
        int[] expected = [-1, 3, _options.InputSize, _options.InputSize];
        var matches = dimensions.Length == 4 && dimensions.Zip(expected).Skip(1).All(d => d.First < 1 || d.First == d.Second);
        if (!matches)
        {
            throw new ArgumentException(
                $"InputSize: the model's input '{_inputName}' is [{string.Join(", ", dimensions)}], " +
                $"the options give [N, 3, {_options.InputSize}, {_options.InputSize}]",
                nameof(OnnxFeatureExtractorOptions.InputSize));
        }
    }
}
