namespace MemControl.Data.Loading;

/// <summary>An image the loader could not decode and left out of its batch (reported at the end of a run).</summary>
public sealed record SkippedImage(int Epoch, int Index, string Origin, string Reason);
