using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Metrics.Quality.Alignment;

/// <summary>
/// Alignment (docs/decisions.md §8, a stand-in for BioViL-T): a <see cref="FindingsClassifier"/> trained on real images with their
/// finding labels reads each generated image; the score is the agreement between the findings the prompt asked for and
/// those read. For phantoms the prompt's findings are known exactly.
/// </summary>
public sealed class FindingsReader : IDisposable
{
    private readonly FindingsClassifier _classifier;
    private readonly FindingsReaderOptions _options;

    private FindingsReader(FindingsClassifier classifier, FindingsReaderOptions options)
    {
        _classifier = classifier;
        _options = options;
    }

    /// <summary>Loss of the last training epoch (mean binary cross-entropy).</summary>
    public double FinalLoss { get; private set; }

    /// <summary>Trains on real images <c>[N, C, H, W]</c> in [-1, 1] and labels <c>[N, findings]</c> (1 = present).</summary>
    public static FindingsReader Train(Tensor images, Tensor labels, FindingsReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        options ??= new FindingsReaderOptions();
        options.Validate();
        if (images.dim() != 4 || labels.dim() != 2 || images.shape[0] != labels.shape[0])
        {
            throw new ArgumentException(
                $"images [N, C, H, W] and labels [N, findings] needed, got [{string.Join(", ", images.shape)}] and [{string.Join(", ", labels.shape)}]");
        }

        random.manual_seed(options.Seed); // the weights draw from torch's global generator; seeding it makes training repeatable
        var classifier = new FindingsClassifier((int)images.shape[1], (int)labels.shape[1]);
        var reader = new FindingsReader(classifier, options);
        using var inputs = reader.Resize(images);
        using var targets = labels.detach().to(ScalarType.Float32, CPU);
        using var optimizer = optim.Adam(classifier.parameters(), options.LearningRate);
        using var generator = new Generator((ulong)options.Seed);
        var count = inputs.shape[0];
        classifier.train();
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            using var order = randperm(count, generator: generator);
            double lossSum = 0;
            var batches = 0;
            for (long start = 0; start < count; start += options.BatchSize)
            {
                using var scope = NewDisposeScope();
                var batch = order.narrow(0, start, Math.Min(options.BatchSize, count - start));
                optimizer.zero_grad();
                var loss = nn.functional.binary_cross_entropy_with_logits(
                    classifier.call(inputs.index_select(0, batch)), targets.index_select(0, batch));
                loss.backward();
                optimizer.step();
                lossSum += loss.item<float>();
                batches++;
            }

            reader.FinalLoss = lossSum / batches;
        }

        classifier.eval();
        return reader;
    }

    /// <summary>Probability of each finding, <c>[N, findings]</c>.</summary>
    public float[,] Probabilities(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var probabilities = _classifier.call(Resize(images)).sigmoid();
        var (n, k) = ((int)probabilities.shape[0], (int)probabilities.shape[1]);
        var flat = probabilities.contiguous().data<float>().ToArray();
        var result = new float[n, k];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(float));
        return result;
    }

    /// <summary>Findings read as present (probability ≥ the decision threshold).</summary>
    public bool[,] Read(Tensor images)
    {
        var probabilities = Probabilities(images);
        var result = new bool[probabilities.GetLength(0), probabilities.GetLength(1)];
        for (var i = 0; i < result.GetLength(0); i++)
        {
            for (var j = 0; j < result.GetLength(1); j++)
            {
                result[i, j] = probabilities[i, j] >= _options.DecisionThreshold;
            }
        }

        return result;
    }

    /// <summary>Agreement between the findings each prompt asked for (<c>[N, findings]</c>, 1 = present) and the generations' reading.</summary>
    public AlignmentResult Score(Tensor generatedImages, Tensor promptFindings)
    {
        ArgumentNullException.ThrowIfNull(promptFindings);
        var read = Read(generatedImages);
        var wanted = promptFindings.detach().to(ScalarType.Float32, CPU).contiguous().data<float>().ToArray();
        var (n, k) = (read.GetLength(0), read.GetLength(1));
        if (wanted.Length != n * k)
        {
            throw new ArgumentException($"promptFindings: expected [{n}, {k}], got [{string.Join(", ", promptFindings.shape)}]", nameof(promptFindings));
        }

        var perImage = new double[n];
        for (var i = 0; i < n; i++)
        {
            var agreeing = 0;
            for (var j = 0; j < k; j++)
            {
                agreeing += read[i, j] == (wanted[i * k + j] >= 0.5f) ? 1 : 0;
            }

            perImage[i] = agreeing / (double)k;
        }

        return new AlignmentResult(perImage.Average(), perImage.Count(a => a == 1.0) / (double)n, perImage);
    }

    public void Dispose() => _classifier.Dispose();

    private Tensor Resize(Tensor images)
    {
        var pixels = images.detach().to(ScalarType.Float32, CPU);
        var size = _options.ImageSize;
        return pixels.shape[2] == size && pixels.shape[3] == size
            ? pixels.clone()
            : nn.functional.interpolate(pixels, [size, size], mode: InterpolationMode.Bilinear, align_corners: false,
                antialias: pixels.shape[2] > size);
    }
}
