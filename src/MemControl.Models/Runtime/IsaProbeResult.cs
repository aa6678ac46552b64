namespace MemControl.Models.Runtime;

/// <summary>What <see cref="OneDnnIsaProbe.Check"/> measured under the process's oneDNN ISA.</summary>
/// <param name="MaxRelativeError">Largest relative difference of a float32 input gradient from the float64 one.</param>
/// <param name="Passed">True when every gradient is within <see cref="OneDnnIsaProbe.Tolerance"/> (and finite).</param>
public sealed record IsaProbeResult(double MaxRelativeError, bool Passed);
