using MemControl.Models.Runtime;
using MemControl.Peft;
using MemControl.Peft.Adapters;
using MemControl.Peft.SvDiff;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Tests.Peft;

/// <summary>
/// SV-DIFF under mixed precision (docs/scale.md): the frozen singular vectors kept in bf16, the trainable shifts in
/// fp32, a forward within bf16 tolerance of the fp32 one; and the set-up's progress reports.
/// </summary>
public sealed class SvDiffMixedPrecisionTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_layer_with_bf16_factors_computes_the_fp32_forward_within_bf16_tolerance_and_trains_fp32_shifts(bool keepResidual)
    {
        // Given: one Linear decomposed in fp32 and in bf16, with the same non-zero shifts
        using var scope = NewDisposeScope();
        manual_seed(11);
        var full = nn.Linear(48, 32);
        var half = nn.Linear(48, 32);
        using (no_grad())
        {
            half.weight.copy_(full.weight);
            half.bias!.copy_(full.bias!);
        }

        var fullFactors = new SvdCache().GetOrCompute("model", "layer", full.weight);
        var halfFactors = new SvdCache(factorDType: ScalarType.BFloat16).GetOrCompute("model", "layer", half.weight);
        var reference = new SpectralShiftLayer(full, fullFactors, keepResidual);
        var layer = new SpectralShiftLayer(half, halfFactors, keepResidual);
        var shifts = randn(fullFactors.S.shape).Times(0.05);
        using (no_grad())
        {
            reference.Delta.copy_(shifts);
            layer.Delta.copy_(shifts);
        }

        var input = randn(4, 48);

        // When
        var expected = reference.forward(input);
        var actual = layer.forward(input);
        actual.sum().backward();

        // Then: U and Vh in bf16, S and δ (and δ's gradient) in fp32, outputs within bf16's 2⁻⁸ relative precision
        Assert.Equal(ScalarType.BFloat16, halfFactors.U.dtype);
        Assert.Equal(ScalarType.BFloat16, halfFactors.Vh.dtype);
        Assert.Equal(ScalarType.Float32, halfFactors.S.dtype);
        Assert.Equal(ScalarType.Float32, layer.Delta.dtype);
        Assert.Equal(ScalarType.Float32, layer.Delta.grad!.dtype);
        var scale = expected.abs().max().item<float>();
        var difference = (actual - expected).abs().max().item<float>();
        Assert.True(difference < 2e-2 * scale, $"bf16 factors differ by {difference} (output scale {scale})");
    }

    [Fact]
    public void The_set_up_reports_each_decomposed_layer_up_to_the_total()
    {
        // Given
        var reports = new List<AttachProgress>();

        // When
        AdapterSet.Attach(PeftFixture.Model(), PeftFixture.Config("svdiff"), new PeftContext(PeftFixture.Identity, Progress: reports.Add));

        // Then
        Assert.NotEmpty(reports);
        Assert.Equal(Enumerable.Range(1, reports.Count), reports.Select(r => r.Done));
        Assert.All(reports, r => Assert.Equal(reports.Count, r.Total));
        Assert.All(reports, r => Assert.Equal("svdiff", r.Method));
    }
}
