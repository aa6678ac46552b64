namespace MemControl.Models.Loading;

/// <summary>
/// Finds the weights file of a diffusers component folder the way from_pretrained does: one
/// <c>diffusion_pytorch_model.safetensors</c> (diffusers) or <c>model.safetensors</c> (transformers), optionally as a
/// variant (<c>diffusion_pytorch_model.fp16.safetensors</c>), or a sharded checkpoint's
/// <c>*.safetensors.index.json</c> (variant: <c>*.safetensors.index.fp16.json</c>). Pickled weights (.bin, .ckpt, .pt,
/// .pth) are refused: unpickling runs whatever code the file names.
/// </summary>
public static class ComponentWeights
{
    /// <summary>Weight file stems, diffusers' first, then transformers'.</summary>
    public static IReadOnlyList<string> Stems { get; } = ["diffusion_pytorch_model", "model"];

    private static readonly string[] PickleExtensions = [".bin", ".ckpt", ".pt", ".pth"];

    /// <summary>The safetensors file or sharded index to load from <paramref name="folder"/>.</summary>
    public static string Resolve(string folder, string? variant = null)
    {
        if (variant is not null && (variant.Length == 0 || variant != Path.GetFileName(variant) || variant.Contains('.')))
        {
            throw new ArgumentException($"variant '{variant}' is not a plain name such as 'fp16'.", nameof(variant));
        }

        foreach (var name in Stems.Select(stem => WithVariant($"{stem}.safetensors", variant))
                     .Concat(Stems.Select(stem => WithVariant($"{stem}.safetensors.index.json", variant))))
        {
            var path = Path.Combine(folder, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw NothingToLoad(folder, variant);
    }

    /// <summary>Opens what <see cref="Resolve"/> finds: one file, or every shard of an index.</summary>
    public static ITensorSource Open(string weightsPath) =>
        weightsPath.EndsWith(".json", StringComparison.Ordinal)
            ? ShardedSafetensors.Open(weightsPath)
            : SafetensorsFile.Open(weightsPath);

    // diffusers' _add_variant: the variant goes before the last dot-separated part.
    private static string WithVariant(string fileName, string? variant)
    {
        if (variant is null)
        {
            return fileName;
        }

        var lastDot = fileName.LastIndexOf('.');
        return $"{fileName[..lastDot]}.{variant}{fileName[lastDot..]}";
    }

    private static Exception NothingToLoad(string folder, string? variant)
    {
        var files = Directory.Exists(folder)
            ? Directory.GetFiles(folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];
        var safetensors = files.Where(f => f.EndsWith(".safetensors", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal) && f.Contains(".safetensors.index", StringComparison.Ordinal)).ToList();
        var pickled = files.Where(f => PickleExtensions.Any(ext => f.EndsWith(ext, StringComparison.OrdinalIgnoreCase))).ToList();
        var expected = string.Join(" or ", Stems.Select(stem => $"'{WithVariant($"{stem}.safetensors", variant)}'"));

        if (safetensors.Count > 0)
        {
            var hint = variant is null ? " (pass the variant, e.g. 'fp16', to load a variant file)" : "";
            return new FileNotFoundException(
                $"component folder '{folder}' has no {expected} (nor a sharded index); it has {string.Join(", ", safetensors)}{hint}.");
        }

        if (pickled.Count > 0)
        {
            return new InvalidDataException(
                $"component folder '{folder}' holds only pickled weights ({string.Join(", ", pickled)}): loading a pickle can run " +
                "arbitrary code, so they are refused. Convert them once, in a Python environment you trust, e.g. " +
                "`model = <Class>.from_pretrained(folder); model.save_pretrained(folder, safe_serialization=True)` (diffusers/transformers) " +
                "or `safetensors.torch.save_file(torch.load(path, weights_only=True), 'model.safetensors')`.");
        }

        return new FileNotFoundException($"component folder '{folder}' has no weights: expected {expected} or a sharded '*.safetensors.index.json'.");
    }
}
