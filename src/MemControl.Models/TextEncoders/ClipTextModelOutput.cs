using static TorchSharp.torch;

namespace MemControl.Models.TextEncoders;

/// <summary>What <see cref="ClipTextModel"/> returns; disposing it disposes the three tensors.</summary>
/// <param name="LastHiddenState">[B, T, H]: the last layer's output after <c>final_layer_norm</c>; what SD conditions on.</param>
/// <param name="PoolerOutput">[B, H]: <see cref="LastHiddenState"/> at each sequence's end-of-text position.</param>
/// <param name="PenultimateHiddenState">
/// [B, T, H]: transformers' <c>hidden_states[-2]</c>, the input of the last layer, before <c>final_layer_norm</c> ("clip skip").
/// </param>
public sealed record ClipTextModelOutput(Tensor LastHiddenState, Tensor PoolerOutput, Tensor PenultimateHiddenState)
    : IDisposable
{
    public void Dispose()
    {
        LastHiddenState.Dispose();
        PoolerOutput.Dispose();
        PenultimateHiddenState.Dispose();
    }
}
