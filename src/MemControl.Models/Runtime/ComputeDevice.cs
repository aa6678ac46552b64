namespace MemControl.Models.Runtime;

/// <summary>A compute device as the user names it: <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
public readonly record struct ComputeDevice(bool IsCuda, int Index)
{
    public static ComputeDevice Cpu { get; } = new(false, -1);

    /// <summary>Parses a <c>--device</c> value; an unknown value is an <see cref="ArgumentException"/> saying which values are devices (a caller prefixes its own name for the value).</summary>
    public static ComputeDevice Parse(string value)
    {
        var text = value.Trim().ToLowerInvariant();
        if (text == "cpu")
        {
            return Cpu;
        }

        if (text == "cuda")
        {
            return new ComputeDevice(true, 0);
        }

        if (text.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
        {
            return new ComputeDevice(true, index);
        }

        throw new ArgumentException($"'{value}' is not a device; use cpu, cuda or cuda:N.");
    }

    public override string ToString() => IsCuda ? $"cuda:{Index}" : "cpu";
}
