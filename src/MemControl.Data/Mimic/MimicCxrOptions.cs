namespace MemControl.Data.Mimic;

/// <summary>How a MIMIC-CXR-JPG folder is read.</summary>
public sealed record MimicCxrOptions
{
    public MimicCaptionSection CaptionSection { get; init; } = MimicCaptionSection.Impression;

    /// <summary>
    /// Where the report .txt files are: by default the dataset root (files/pXX/pXXXXXXXX/sXXXXXXXX.txt under it);
    /// MIMIC-CXR's reports zip unpacks to the same layout, so point here if it was unpacked elsewhere.
    /// </summary>
    public string? ReportsRoot { get; init; }
}
