namespace MemControl.Peft.SvDiff;

/// <summary>The two readings of SV-DIFF (docs/decisions.md §3).</summary>
public enum SvDiffVariant
{
    /// <summary>Author's version (default): W' = W at δ = 0 (SVD residual kept); 1-D weights get a per-element shift.</summary>
    Author,

    /// <summary>The MemControl official code: no residual; one scalar shift per norm (the spectral shift of the 1×C gain).</summary>
    Memcontrol,
}
