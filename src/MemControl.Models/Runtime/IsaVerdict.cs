namespace MemControl.Models.Runtime;

/// <summary>Which oneDNN kernels this machine may use for convolutions (docs/performance.md, "oneDNN ISA").</summary>
public enum IsaVerdict
{
    /// <summary>The probe found the full-ISA kernels right: no limit.</summary>
    FullIsa,

    /// <summary>The probe found them wrong, or could not run: oneDNN limited to SSE4.1.</summary>
    Sse41,
}
