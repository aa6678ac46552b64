namespace MemControl.Data.Mimic;

/// <summary>Which report section becomes the caption.</summary>
public enum MimicCaptionSection
{
    /// <summary>The impression (the default, as RoentGen and the paper's pipeline use), else the findings.</summary>
    Impression,

    /// <summary>The findings, else the impression.</summary>
    Findings,

    /// <summary>Findings then impression.</summary>
    FindingsAndImpression,
}
