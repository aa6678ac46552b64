namespace MemControl.Models.Loading;

/// <summary>A checkpoint tensor whose shape differs from the module's tensor of the same (mapped) name.</summary>
public sealed record ShapeMismatch(string Key, long[] CheckpointShape, long[] ModuleShape)
{
    public override string ToString() =>
        $"{Key}: checkpoint {ShapeFormat.Of(CheckpointShape)} vs module {ShapeFormat.Of(ModuleShape)}";
}
