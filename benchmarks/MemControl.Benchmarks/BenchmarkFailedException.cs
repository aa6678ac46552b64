namespace MemControl.Benchmarks;

/// <summary>A benchmark ran but some of its measurements failed; the host prints the message and exits with 1.</summary>
public sealed class BenchmarkFailedException(string message) : Exception(message);
