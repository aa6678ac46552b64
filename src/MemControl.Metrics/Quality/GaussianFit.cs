using MemControl.Metrics.Features;
using MemControl.Models.Runtime;
using TorchSharp;

namespace MemControl.Metrics.Quality;

/// <summary>
/// Mean and covariance of a set of feature vectors, in float64 (the Fréchet distance subtracts large traces: float32
/// loses it at 512-d). Covariance uses the unbiased n − 1 divisor, as pytorch-fid's <c>np.cov</c>.
/// </summary>
public sealed class GaussianFit
{
    public GaussianFit(double[] mean, double[,] covariance, int sampleCount)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(covariance);
        if (covariance.GetLength(0) != mean.Length || covariance.GetLength(1) != mean.Length)
        {
            throw new ArgumentException(
                $"covariance is {covariance.GetLength(0)}×{covariance.GetLength(1)}, mean has {mean.Length} values", nameof(covariance));
        }

        Mean = mean;
        Covariance = covariance;
        SampleCount = sampleCount;
    }

    public double[] Mean { get; }

    public double[,] Covariance { get; }

    /// <summary>How many vectors were fitted (FD is only comparable at equal counts: its bias depends on it).</summary>
    public int SampleCount { get; }

    public int Dimension => Mean.Length;

    /// <summary>Fits the rows of <paramref name="features"/> (at least 2).</summary>
    public static GaussianFit Of(FeatureMatrix features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count < 2)
        {
            throw new ArgumentException($"features: a covariance needs at least 2 vectors, got {features.Count}", nameof(features));
        }

        // μ and Σ = (X − μ)ᵀ(X − μ) / (n − 1), in float64 (a BLAS matmul: 10k × 512 takes well under a second).
        using var scope = torch.NewDisposeScope();
        var n = features.Count;
        var d = features.Dimension;
        var x = torch.tensor(features.Values, [n, d]).to(torch.ScalarType.Float64);
        var meanTensor = x.mean([0]);
        var centred = x - meanTensor;
        var covarianceTensor = centred.T.matmul(centred).DividedBy(n - 1);
        var mean = meanTensor.data<double>().ToArray();
        var flat = covarianceTensor.contiguous().data<double>().ToArray();
        var covariance = new double[d, d];
        Buffer.BlockCopy(flat, 0, covariance, 0, flat.Length * sizeof(double));
        return new GaussianFit(mean, covariance, n);
    }
}
