using static TorchSharp.torch;

namespace MemControl.Models.Loading;

/// <summary>
/// The safetensors dtypes this project reads and writes, with their TorchSharp scalar type and size in bytes.
/// The F8, U16, U32 and U64 dtypes of the format are refused on purpose: TorchSharp 0.107 has no tensors of those
/// types (docs/dependencies.md §1), and no Stable Diffusion 1.x checkpoint uses them.
/// </summary>
public sealed record SafetensorsDType(string Name, ScalarType ScalarType, int ElementSize, int WriteRank)
{
    // WriteRank orders tensors in a written file as the reference writer (safetensors' Rust `serialize`) does:
    // by dtype, widest first in its enum order, then by name, so every tensor starts at a multiple of its element size.
    private static readonly SafetensorsDType[] All =
    [
        new("I64", ScalarType.Int64, 8, 0),
        new("F64", ScalarType.Float64, 8, 1),
        new("F32", ScalarType.Float32, 4, 2),
        new("I32", ScalarType.Int32, 4, 3),
        new("BF16", ScalarType.BFloat16, 2, 4),
        new("F16", ScalarType.Float16, 2, 5),
        new("I16", ScalarType.Int16, 2, 6),
        new("I8", ScalarType.Int8, 1, 7),
        new("U8", ScalarType.Byte, 1, 8),
        new("BOOL", ScalarType.Bool, 1, 9),
    ];

    /// <summary>The dtype names accepted, for error messages: "F64, F32, ...".</summary>
    public static string SupportedNames { get; } = string.Join(", ", All.Select(d => d.Name));

    /// <summary>The dtype spelled <paramref name="name"/> in a header (case-sensitive, as the format is), or null.</summary>
    public static SafetensorsDType? FromName(string name) => Array.Find(All, d => d.Name == name);

    /// <summary>The dtype of a TorchSharp scalar type, or null when the format (or this project) has none for it.</summary>
    public static SafetensorsDType? FromScalarType(ScalarType scalarType) => Array.Find(All, d => d.ScalarType == scalarType);
}
