namespace MemControl.Models.Loading;

/// <summary>Writes shapes the way messages and identities spell them: <c>[320, 4, 3, 3]</c>.</summary>
public static class ShapeFormat
{
    public static string Of(IReadOnlyList<long> shape) => "[" + string.Join(", ", shape) + "]";
}
