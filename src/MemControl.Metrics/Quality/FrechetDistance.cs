using MemControl.Metrics.Features;
using MemControl.Models.Runtime;
using static TorchSharp.torch;

namespace MemControl.Metrics.Quality;

/// <summary>
/// Fréchet distance between Gaussian fits of two feature sets (Heusel et al. 2017; "FID" when the features are
/// InceptionV3's — ours are named after their feature space, e.g. "FD-ResNet18", and are not comparable with published
/// FID):
/// <c>FD = ‖μ₁ − μ₂‖² + tr Σ₁ + tr Σ₂ − 2 tr (Σ₁^½ Σ₂ Σ₁^½)^½</c>.
/// <para>
/// The matrix square root is taken through two symmetric eigen-decompositions in float64 (Σ₁^½ from eigh(Σ₁), then the
/// eigenvalues of the symmetric PSD Σ₁^½ Σ₂ Σ₁^½), so no complex <c>sqrtm</c> and no imaginary residue to discard as
/// pytorch-fid must; tiny negative eigenvalues from rounding are clipped to 0. This equals tr (Σ₁Σ₂)^½ because
/// Σ₁^½ Σ₂ Σ₁^½ and Σ₁ Σ₂ are similar matrices.
/// </para>
/// </summary>
public static class FrechetDistance
{
    /// <summary>FD between the Gaussian fits of two feature sets.</summary>
    public static double Between(FeatureMatrix real, FeatureMatrix generated) =>
        Between(GaussianFit.Of(real), GaussianFit.Of(generated));

    /// <summary>FD between two Gaussians.</summary>
    public static double Between(GaussianFit first, GaussianFit second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Dimension != second.Dimension)
        {
            throw new ArgumentException($"feature dimensions differ: {first.Dimension} and {second.Dimension}");
        }

        var meanTerm = 0.0;
        for (var j = 0; j < first.Dimension; j++)
        {
            var diff = first.Mean[j] - second.Mean[j];
            meanTerm += diff * diff;
        }

        using var scope = NewDisposeScope();
        var sigma1 = tensor(first.Covariance, ScalarType.Float64);
        var sigma2 = tensor(second.Covariance, ScalarType.Float64);

        // 1. Σ₁^½ = V diag(√λ) Vᵀ from Σ₁ = V diag(λ) Vᵀ.
        var (eigenvalues1, eigenvectors1) = linalg.eigh(sigma1);
        var sqrtSigma1 = eigenvectors1.matmul(diag(eigenvalues1.ClampedBelowAt(0).sqrt())).matmul(eigenvectors1.T);

        // 2. M = Σ₁^½ Σ₂ Σ₁^½ is symmetric PSD (symmetrised against rounding); tr M^½ = Σ √λ(M).
        var product = sqrtSigma1.matmul(sigma2).matmul(sqrtSigma1);
        product = product.Plus(product.T).DividedBy(2);
        var traceSqrt = linalg.eigvalsh(product).ClampedBelowAt(0).sqrt().sum().item<double>();

        // 3. Assemble.
        var traces = sigma1.trace().item<double>() + sigma2.trace().item<double>();
        return meanTerm + traces - 2 * traceSqrt;
    }
}
