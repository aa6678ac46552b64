using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MemControl.Data;
using MemControl.Models.Pipelines;

namespace MemControl.Training.Caching;

/// <summary>
/// What a latent cache depends on (docs/scale.md, "Latent cache"), hashed: the model folder's frozen encoders (each
/// file under <c>vae/</c>, <c>text_encoder/</c> and <c>tokenizer/</c> by relative path, length and last write
/// time — hashing gigabytes of weights per run would cost more than the cache saves), the data (the dataset's name and
/// every item's id, image path, caption, and the image file's length and last write time), the image side, and the
/// dtypes the latents and text states are made in. Any change gives another key, so another cache file.
/// </summary>
public static class LatentCacheKey
{
    /// <summary>The components whose files the cached values come from.</summary>
    public static readonly IReadOnlyList<string> Components = ["vae", "text_encoder", "tokenizer"];

    /// <summary>The key, 64 lowercase hex digits.</summary>
    public static string Of(StableDiffusion model, IImageCaptionDataset dataset, int side)
    {
        if (model.Directory is not { } folder)
        {
            throw new ArgumentException($"{nameof(FineTuneOptions.LatentCache)}: the model was not loaded from a folder, so its cache could not be told apart from another model's");
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"memcontrol latent cache {LatentCache.FormatVersion}\nside {side}\n");
        text.Append(CultureInfo.InvariantCulture, $"latents {model.LatentDType}\ntext {model.TextEncoder.parameters().First().dtype}\n");
        foreach (var component in Components)
        {
            var directory = Path.Combine(folder, component);
            if (!Directory.Exists(directory))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"model {Path.GetRelativePath(folder, file)} {FileIdentity(file)}\n");
            }
        }

        text.Append(CultureInfo.InvariantCulture, $"data {dataset.Name} {dataset.Items.Count}\n");
        foreach (var item in dataset.Items)
        {
            var image = item.ImagePath is { } path ? FileIdentity(path) : "generated";
            text.Append(CultureInfo.InvariantCulture, $"{item.Id}\t{item.ImagePath}\t{image}\t{item.Caption}\n");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string FileIdentity(string path)
    {
        var info = new FileInfo(path);
        return info.Exists
            ? string.Create(CultureInfo.InvariantCulture, $"{info.Length} {info.LastWriteTimeUtc.Ticks}")
            : "missing";
    }
}
