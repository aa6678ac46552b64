using static TorchSharp.torch;
using TorchSharp.Modules;
using TorchSharp;

namespace MemControl.Peft.SvDiff;

/// <summary>
/// The thin SVD W = U·diag(S)·Vh of a weight reshaped to out × in·kh·kw: S in float32, U and Vh in float32 or, under
/// mixed precision, in the frozen weights' half dtype (SvdCache).
/// </summary>
/// <param name="U">out × k left singular vectors.</param>
/// <param name="S">k singular values, descending, ≥ 0.</param>
/// <param name="Vh">k × in·kh·kw right singular vectors (transposed).</param>
public sealed record SvdFactors(Tensor U, Tensor S, Tensor Vh)
{
    public SvdFactors To(Device device) => U.device == device ? this : new SvdFactors(U.to(device), S.to(device), Vh.to(device));
}
