namespace MemControl.Benchmarks.Gpu;

/// <summary>
/// The measurements of <c>./bench gpu</c>, as named in its JSON and in benchmarks/gpu/diffusers_bench.py's (the
/// ratios pair them by these names).
/// </summary>
internal static class GpuMeasurementNames
{
    public const string Full = "full_step";
    public const string Attention = "attention_step";
    public const string FrozenForward = "frozen_forward_cfg";
    public const string SvDiff = "svdiff_masked_step";
    public const string DiffFit = "difffit_masked_step";
    public const string Generation = "generation";

    public static readonly IReadOnlyList<string> All = [Full, Attention, FrozenForward, SvDiff, DiffFit, Generation];
}
