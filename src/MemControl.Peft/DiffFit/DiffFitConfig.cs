namespace MemControl.Peft.DiffFit;

/// <summary>
/// DiffFit (Xie et al., paper [63]) for a Stable Diffusion UNet: all biases and norm parameters train, plus learnable
/// scales γ (init 1): γ_attn1, γ_attn2, γ_ff on the residual branches of each BasicTransformerBlock and γ_q, γ_k, γ_v,
/// γ_out on each attention's projections (docs/decisions.md §3). Each γ is one scalar, as DiffFit's per-block scale factor.
/// </summary>
public sealed record DiffFitConfig : PeftConfig
{
    public const string Name = "difffit";

    public override string Method => Name;
}
