using MemControl.Peft.Adapters;
using static TorchSharp.torch;
using TorchSharp.Modules;
using TorchSharp;

namespace MemControl.Peft.SvDiff;

/// <summary>
/// The SVDs of a base model's weights, taken once in float32 and reused by every trial and step (docs/decisions.md §3). Keyed by
/// base-model identity + module path; kept in memory and, when a folder is given, in one safetensors file per base
/// model and factor dtype (<c>&lt;folder&gt;/svd-&lt;identity&gt;.safetensors</c> for float32 factors,
/// <c>svd-&lt;identity&gt;-bfloat16.safetensors</c> for bf16 ones; keys <c>&lt;path&gt;.U</c>, <c>.S</c>, <c>.Vh</c>, <c>.check</c>), so a run
/// in one precision never reads another's factors.
/// </summary>
/// <remarks>
/// The identity names an architecture, not weights (ModelIdentity): SD-1.5 and a fine-tune of it share one. So every
/// entry carries a fingerprint of the weight it was taken from (<c>.check</c>: numel, sum, sum of squares, first and last
/// value, in float64), compared on every use; factors of other weights, or from a file without fingerprints, are
/// decomposed afresh and replace the stale entry.
/// </remarks>
/// <param name="directory">Where the factors are kept between runs; null = in memory only.</param>
/// <param name="factorDType">
/// The dtype U and Vh are kept in (the frozen weights' under mixed precision, docs/scale.md: half the memory of
/// float32 at SD-1.5 size); S stays float32, as the trainable shifts added to it. Null = float32.
/// </param>
public sealed class SvdCache(string? directory = null, ScalarType? factorDType = null)
{
    /// <summary>Values in a weight's fingerprint (<see cref="Fingerprint"/>).</summary>
    private const int FingerprintLength = 5;

    private readonly Dictionary<string, SvdFactors> factors = [];
    private readonly Dictionary<string, double[]> checks = [];
    private readonly HashSet<string> handedOut = [];
    private readonly HashSet<string> loadedIdentities = [];
    private readonly HashSet<string> unsavedIdentities = [];
    private readonly object gate = new();

    /// <summary>How many SVDs this cache computed (not read from memory or disk); lets callers check reuse.</summary>
    public int ComputedCount { get; private set; }

    /// <summary>The SVD of <paramref name="weight"/> (any shape, first dimension = out) for this model and path.</summary>
    public SvdFactors GetOrCompute(string identity, string modulePath, Tensor weight)
    {
        lock (gate)
        {
            LoadFromDisk(identity);
            var key = $"{identity}\n{modulePath}";
            var check = Fingerprint(weight);
            if (!factors.TryGetValue(key, out var cached) || !checks.TryGetValue(key, out var kept) || !SameWeight(kept, check))
            {
                if (cached is not null && !handedOut.Contains(key))
                {
                    // Stale factors read from disk and never given to a layer: freed now, not left to the finalizer.
                    cached.U.Dispose();
                    cached.S.Dispose();
                    cached.Vh.Dispose();
                }

                using var scope = NewDisposeScope();
                // Shape: (out, in, kh, kw) → (out, in·kh·kw); a Linear's (out, in) is unchanged.
                var matrix = weight.detach().to(float32).reshape(weight.shape[0], -1);
                var (u, s, vh) = linalg.svd(matrix, fullMatrices: false);
                if (factorDType is { } dtype)
                {
                    (u, vh) = (u.to(dtype), vh.to(dtype));
                }

                cached = new SvdFactors(u.MoveToOuterDisposeScope(), s.MoveToOuterDisposeScope(), vh.MoveToOuterDisposeScope());
                factors[key] = cached;
                checks[key] = check;
                unsavedIdentities.Add(identity);
                ComputedCount++;
            }

            handedOut.Add(key);
            return cached.To(weight.device);
        }
    }

    /// <summary>Writes the SVDs computed since the last save to the cache folder (no-op without a folder).</summary>
    public void Save()
    {
        lock (gate)
        {
            if (directory is null)
            {
                return;
            }

            foreach (var identity in unsavedIdentities)
            {
                var prefix = $"{identity}\n";
                var tensors = new Dictionary<string, Tensor>();
                // An entry read from a file without fingerprints and not used since is left out: it would be recomputed anyway.
                foreach (var (key, value) in factors.Where(entry => entry.Key.StartsWith(prefix, StringComparison.Ordinal) && checks.ContainsKey(entry.Key)))
                {
                    var path = key[prefix.Length..];
                    tensors[$"{path}.U"] = value.U;
                    tensors[$"{path}.S"] = value.S;
                    tensors[$"{path}.Vh"] = value.Vh;
                    tensors[$"{path}.check"] = tensor(checks[key], dtype: float64);
                }

                TensorFile.Save(FileFor(identity), tensors);
            }

            unsavedIdentities.Clear();
        }
    }

    private void LoadFromDisk(string identity)
    {
        if (directory is null || !loadedIdentities.Add(identity))
        {
            return;
        }

        var file = FileFor(identity);
        if (!File.Exists(file))
        {
            return;
        }

        // Only a cache: a damaged file, or an entry without all its parts, is decomposed afresh and rewritten by Save.
        Dictionary<string, Tensor> tensors;
        try
        {
            tensors = TensorFile.Load(file);
        }
        catch (InvalidDataException)
        {
            return;
        }

        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var uKey in tensors.Keys.Where(key => key.EndsWith(".U", StringComparison.Ordinal)))
        {
            var path = uKey[..^2];
            if (tensors.TryGetValue($"{path}.S", out var s) && tensors.TryGetValue($"{path}.Vh", out var vh))
            {
                factors[$"{identity}\n{path}"] = new SvdFactors(tensors[uKey], s, vh);
                kept.UnionWith([uKey, $"{path}.S", $"{path}.Vh"]);
                if (tensors.TryGetValue($"{path}.check", out var check) && check.dtype == ScalarType.Float64 && check.numel() == FingerprintLength)
                {
                    checks[$"{identity}\n{path}"] = check.data<double>().ToArray();
                }
            }
        }

        // Fingerprints are copied out and incomplete entries are not used: their tensors are freed here.
        foreach (var (key, unused) in tensors.Where(entry => !kept.Contains(entry.Key)))
        {
            unused.Dispose();
        }
    }

    /// <summary>numel, sum, sum of squares, first and last value of <paramref name="weight"/>, in float64.</summary>
    private static double[] Fingerprint(Tensor weight)
    {
        using var scope = NewDisposeScope();
        var flat = weight.detach().flatten().to(float64);
        var count = flat.numel();
        return [count, flat.sum().item<double>(), flat.dot(flat).item<double>(), flat[0].item<double>(), flat[count - 1].item<double>()];
    }

    /// <summary>
    /// Whether two fingerprints are of the same weight: equal counts and first/last values, sums equal to a relative 1e-9
    /// (a float64 sum's order may change with the thread count; another weight moves it by far more).
    /// </summary>
    private static bool SameWeight(double[] a, double[] b)
    {
        if (a.Length != b.Length || a[0] != b[0] || a[3] != b[3] || a[4] != b[4])
        {
            return false;
        }

        // |sum| ≤ √(numel · sum of squares), so both tolerances scale with the weight's size.
        var squares = Math.Max(a[2], b[2]);
        return Math.Abs(a[1] - b[1]) <= 1e-9 * Math.Sqrt(a[0] * squares) && Math.Abs(a[2] - b[2]) <= 1e-9 * squares;
    }

    private string FileFor(string identity)
    {
        var safe = new string(identity.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        var precision = factorDType is { } dtype && dtype != ScalarType.Float32 ? $"-{dtype.ToString().ToLowerInvariant()}" : string.Empty;
        return Path.Combine(directory!, $"svd-{safe}{precision}.safetensors");
    }
}
