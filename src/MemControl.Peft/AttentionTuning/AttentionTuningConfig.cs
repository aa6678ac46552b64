namespace MemControl.Peft.AttentionTuning;

/// <summary>
/// Attention tuning (Touvron et al., paper [56]): every parameter inside each Transformer2DModel trains — its norm,
/// proj_in/proj_out and each transformer block's norms, attn1, attn2 and ff (docs/decisions.md §3). A mask bit gates attn1 + attn2.
/// </summary>
public sealed record AttentionTuningConfig : PeftConfig
{
    public const string Name = "attention";

    public override string Method => Name;
}
