using MemControl.Models.Loading;
using MemControl.Models.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.Synthetic;

/// <summary>
/// Writes a diffusers pipeline folder shaped exactly like Stable Diffusion 1.5 (configs, key names, file names) with
/// random weights, so paper-scale memory and speed can be measured without downloading the real checkpoint. Weights
/// are produced and written one tensor at a time (<see cref="SafetensorsWriter.WriteStreaming"/>): peak memory is the
/// largest tensor (the 49408 × 768 token embedding, 152 MB in fp32), never the 4.3 GB model.
/// </summary>
public static class Sd15FolderWriter
{
    /// <summary>The floating-point dtypes a folder can be written in.</summary>
    public static IReadOnlyList<ScalarType> SupportedDTypes { get; } = [ScalarType.Float32, ScalarType.Float16, ScalarType.BFloat16];

    /// <summary>
    /// Writes the pipeline at <paramref name="scale"/> into <paramref name="folder"/> (created if needed; files already
    /// there are replaced). Values depend only on <paramref name="seed"/> and each tensor's name, so the same seed writes
    /// the same bytes. The tokenizer's vocab.json and merges.txt are copied from <paramref name="tokenizerDirectory"/>
    /// (a Stable Diffusion <c>tokenizer/</c> folder).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="dtype"/> is not fp32, fp16 or bf16.</exception>
    /// <exception cref="FileNotFoundException">The tokenizer folder lacks vocab.json or merges.txt.</exception>
    public static void Write(string folder, ScalarType dtype, int seed, Sd15Scale scale, string tokenizerDirectory)
    {
        if (!SupportedDTypes.Contains(dtype))
        {
            throw new ArgumentException($"dtype {dtype} is not one of {string.Join(", ", SupportedDTypes)}", nameof(dtype));
        }

        var tokenizerFiles = new[] { "vocab.json", "merges.txt" }.Select(name => Path.Combine(tokenizerDirectory, name)).ToList();
        foreach (var file in tokenizerFiles.Where(file => !File.Exists(file)))
        {
            throw new FileNotFoundException($"tokenizer folder '{Path.GetFullPath(tokenizerDirectory)}' has no {Path.GetFileName(file)}", file);
        }

        var layout = Sd15Layout.For(scale);
        var fileDType = SafetensorsDType.FromScalarType(dtype)!;
        Directory.CreateDirectory(folder);
        foreach (var component in Sd15Layout.WeightComponents)
        {
            var componentFolder = Path.Combine(folder, component);
            AtomicFile.WriteText(Path.Combine(componentFolder, "config.json"), layout.ConfigJson(component));
            SafetensorsWriter.WriteStreaming(
                Path.Combine(componentFolder, Sd15Layout.WeightsFileName(component)),
                layout.Entries(component, fileDType),
                entry => RandomValues(entry, seed));
        }

        AtomicFile.WriteText(Path.Combine(folder, "scheduler", "scheduler_config.json"), layout.SchedulerConfigJson);
        var tokenizerFolder = Path.Combine(folder, "tokenizer");
        Directory.CreateDirectory(tokenizerFolder);
        foreach (var file in tokenizerFiles)
        {
            File.Copy(file, Path.Combine(tokenizerFolder, Path.GetFileName(file)), overwrite: true);
        }

        AtomicFile.WriteText(Path.Combine(tokenizerFolder, "tokenizer_config.json"), Sd15ConfigFiles.TokenizerConfig);
        AtomicFile.WriteText(Path.Combine(tokenizerFolder, "special_tokens_map.json"), Sd15ConfigFiles.SpecialTokensMap);

        // model_index.json last: a folder without it is not a pipeline, so an interrupted write is never loaded.
        AtomicFile.WriteText(Path.Combine(folder, DiffusersFolder.ModelIndexFileName), layout.ModelIndexJson);
    }

    /// <summary>
    /// Values that keep a forward pass finite and well scaled, in the spirit of PyTorch's default initialisation:
    /// norm weights 1 and every bias 0; CLIP's embeddings N(0, 0.02²) as transformers initialises them; every other
    /// weight U(−1/√fan_in, 1/√fan_in), the bound of nn.Linear/nn.Conv2d's default kaiming_uniform(a = √5).
    /// </summary>
    private static Tensor RandomValues(SafetensorsEntry entry, int seed)
    {
        using var scope = NewDisposeScope();
        var shape = entry.Shape;
        var name = entry.Name;
        Tensor values;
        if (name == Sd15Layout.PositionIdsKey)
        {
            values = TensorArithmetic.Range(shape[^1], ScalarType.Int64, CPU).reshape(shape);
        }
        else if (shape.Length == 1)
        {
            var isNormWeight = name.EndsWith(".weight", StringComparison.Ordinal) && ModuleName(name).Contains("norm", StringComparison.Ordinal);
            values = isNormWeight ? ones(shape) : zeros(shape);
        }
        else
        {
            using var generator = new Generator(TensorSeed(seed, name));
            var module = ModuleName(name);
            if (module.EndsWith("token_embedding", StringComparison.Ordinal) || module.EndsWith("position_embedding", StringComparison.Ordinal))
            {
                values = randn(shape, generator: generator).Times(0.02);
            }
            else
            {
                var fanIn = shape.Skip(1).Aggregate(1L, (count, dim) => count * dim);
                var bound = 1.0 / Math.Sqrt(fanIn);
                values = rand(shape, generator: generator).Times(2).Minus(1).Times(bound);
            }
        }

        return values.to_type(entry.DType.ScalarType).MoveToOuterDisposeScope();
    }

    private static string ModuleName(string key) => key[..Math.Max(0, key.LastIndexOf('.'))];

    // FNV-1a over the name, mixed with the seed: each tensor's values are independent of the order tensors are written.
    private static ulong TensorSeed(int seed, string name)
    {
        var hash = 14695981039346656037UL ^ (ulong)(uint)seed;
        foreach (var character in name)
        {
            hash = unchecked((hash ^ character) * 1099511628211UL);
        }

        return hash;
    }
}
