namespace MemControl.Data.Phantoms;

/// <summary>The five lung lobes a consolidation is reported in.</summary>
public enum Lobe
{
    RightUpper,
    RightMiddle,
    RightLower,
    LeftUpper,
    LeftLower,
}
