using MemControl.Metrics.Quality.Alignment;
using static TorchSharp.torch;

namespace MemControl.Tests.Metrics;

public class FindingsReaderTests
{
    // Finding k present ⇔ a bright 8 × 8 square in quadrant k of a dark, noisy 32 × 32 gray image.
    private static (Tensor Images, Tensor Labels) Synthetic(int count, int seed)
    {
        using var generator = new Generator((ulong)seed);
        var labels = (rand([count, 3], generator: generator) < 0.5f).to(ScalarType.Float32);
        var images = rand([count, 1, 32, 32], generator: generator) * 0.2f - 0.9f;
        var flags = labels.data<float>().ToArray();
        for (var i = 0; i < count; i++)
        {
            for (var k = 0; k < 3; k++)
            {
                if (flags[i * 3 + k] > 0)
                {
                    var (row, column) = (k / 2 * 16 + 4, k % 2 * 16 + 4);
                    images[i, 0, row..(row + 8), column..(column + 8)] = tensor(0.9f);
                }
            }
        }

        return (images, labels);
    }

    [Fact]
    public void A_classifier_trained_on_a_separable_set_agrees_with_true_findings_and_not_with_wrong_ones()
    {
        // Given
        var (trainImages, trainLabels) = Synthetic(96, 1);
        var (testImages, testLabels) = Synthetic(24, 2);
        using var reader = FindingsReader.Train(trainImages, trainLabels,
            new FindingsReaderOptions { ImageSize = 32, Epochs = 25, BatchSize = 16, LearningRate = 1e-2, Seed = 0 });

        // When
        var right = reader.Score(testImages, testLabels);
        var wrong = reader.Score(testImages, 1 - testLabels);

        // Then
        Assert.True(right.LabelAgreement > 0.9, $"agreement with the true findings {right.LabelAgreement}");
        Assert.True(wrong.LabelAgreement < 0.1, $"agreement with the negated findings {wrong.LabelAgreement}");
        Assert.True(right.ExactMatchRate > 0.75);
    }
}
