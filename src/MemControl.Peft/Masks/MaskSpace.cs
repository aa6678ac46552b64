namespace MemControl.Peft.Masks;

/// <summary>Which bits a mask has (docs/decisions.md §4).</summary>
public enum MaskSpace
{
    /// <summary>One bit per Transformer2DModel (16 in SD-1.5), in the order down, mid, up.</summary>
    Default,

    /// <summary>The official code's 13 bits: <c>up_blocks.{1,2,3}.attentions.2</c> have no bit and always train.</summary>
    Official13,

    /// <summary>One bit per attn1 / attn2 / ff of every transformer block (48 in SD-1.5).</summary>
    Fine,
}
