namespace MemControl.Peft;

/// <summary>
/// How far a method's set-up has got while it attaches (SV-DIFF decomposes every Linear and Conv2d weight, minutes at
/// SD-1.5 size, docs/scale.md): <paramref name="Done"/> of <paramref name="Total"/> layers, the last one's path.
/// </summary>
public sealed record AttachProgress(string Method, string Layer, int Done, int Total, double Seconds);
