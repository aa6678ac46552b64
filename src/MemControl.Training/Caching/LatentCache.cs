using System.Globalization;
using System.Text.Json;
using MemControl.Data;
using MemControl.Data.Images;
using MemControl.Models.Loading;
using MemControl.Models.Pipelines;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Training.Caching;

/// <summary>
/// The frozen encoders' outputs of one run's training data, computed once and kept in the run folder (docs/scale.md,
/// "Latent cache"): each training image's VAE posterior — mean and standard deviation, so every step still draws
/// its own latent mean + std · ε as diffusers' training scripts do, and a cached run makes the same draws as an
/// uncached one — and each caption's text states (and the empty caption's, for caption dropout). One safetensors file
/// per key (<see cref="LatentCacheKey"/>): <c>latents-&lt;key&gt;.safetensors</c> with <c>mean</c> and <c>std</c>
/// [N, C, R/8, R/8] in the VAE's dtype (item order of the dataset), <c>text</c> [M, 77, H] in the text encoder's
/// dtype, and in its metadata the format, version, key and the M captions (a JSON array, in row order).
/// </summary>
public sealed class LatentCache : IDisposable
{
    public const int FormatVersion = 1;

    private const string Format = "memcontrol-latent-cache";

    private readonly Tensor mean;
    private readonly Tensor std;
    private readonly Tensor text;
    private readonly Dictionary<string, long> captionRows;
    private readonly StableDiffusion model;

    private LatentCache(StableDiffusion model, string path, bool built, Tensor mean, Tensor std, Tensor text, IReadOnlyList<string> captions)
    {
        this.model = model;
        Path = path;
        Built = built;
        this.mean = OnDevice(mean, model.Device);
        this.std = OnDevice(std, model.Device);
        this.text = OnDevice(text, model.Device);
        captionRows = captions.Select((caption, row) => (caption, row)).ToDictionary(pair => pair.caption, pair => (long)pair.row, StringComparer.Ordinal);
    }

    /// <summary>The cache file.</summary>
    public string Path { get; }

    /// <summary>Whether this run computed the file (false: it was reused).</summary>
    public bool Built { get; }

    /// <summary>The file of this model, data and side in <paramref name="directory"/>.</summary>
    public static string FileFor(string directory, string key) => System.IO.Path.Combine(directory, $"latents-{key[..16]}.safetensors");

    /// <summary>
    /// Reads the cache of (model, data, side) from <paramref name="directory"/>, or computes and writes it when there
    /// is none or the file there is damaged or not this key's (it is only a cache: it is rebuilt, never trusted).
    /// Images that cannot be decoded get zeros; the batch loader never yields them.
    /// </summary>
    public static LatentCache OpenOrBuild(StableDiffusion model, IImageCaptionDataset dataset, int side, string directory, int batchSize,
        CancellationToken cancellationToken = default)
    {
        RequireApplies(model);
        var key = LatentCacheKey.Of(model, dataset, side);
        var path = FileFor(directory, key);
        var captions = dataset.Items.Select(item => item.Caption).Append(string.Empty).Distinct(StringComparer.Ordinal).ToList();
        if (TryRead(path, key, dataset.Items.Count, captions.Count) is { } read)
        {
            return new LatentCache(model, path, built: false, read.Mean, read.Std, read.Text, read.Captions);
        }

        var (builtMean, builtStd) = EncodeImages(model, dataset, side, batchSize, cancellationToken);
        var builtText = EncodeCaptions(model, captions, batchSize, cancellationToken);
        Directory.CreateDirectory(directory);
        SafetensorsWriter.Write(path, new Dictionary<string, Tensor> { ["mean"] = builtMean, ["std"] = builtStd, ["text"] = builtText }, new Dictionary<string, string>
        {
            ["format"] = Format,
            ["version"] = FormatVersion.ToString(CultureInfo.InvariantCulture),
            ["key"] = key,
            ["captions"] = JsonSerializer.Serialize(captions),
        });
        return new LatentCache(model, path, built: true, builtMean, builtStd, builtText, captions);
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming LatentCache when <paramref name="model"/> has nothing to cache.</summary>
    public static void RequireApplies(StableDiffusion model)
    {
        if (model.Vae is null)
        {
            throw new ArgumentException(
                $"{nameof(FineTuneOptions.LatentCache)}: does not apply to this model: it has no VAE (pixel space), so there are no latents to cache; leave it off");
        }
    }

    /// <summary>
    /// The latents of dataset items <paramref name="indices"/> for the posterior draw <paramref name="posteriorNoise"/>:
    /// what <see cref="StableDiffusion.ImagesToLatents(Tensor, Tensor)"/> gives for their images.
    /// </summary>
    public Tensor Latents(IReadOnlyList<int> indices, Tensor posteriorNoise)
    {
        using var scope = NewDisposeScope();
        using var rows = tensor(indices.Select(i => (long)i).ToArray(), device: mean.device);
        return model.PosteriorToLatents(mean.index_select(0, rows), std.index_select(0, rows), posteriorNoise).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The text states of <paramref name="captions"/>: cached rows, and a caption the cache does not hold (one changed by
    /// random word addition) encoded now.
    /// </summary>
    public Tensor TextStates(IReadOnlyList<string> captions)
    {
        if (captions.Any(caption => !captionRows.ContainsKey(caption)))
        {
            var missing = captions.Where(caption => !captionRows.ContainsKey(caption)).Distinct(StringComparer.Ordinal).ToList();
            using var scope = NewDisposeScope();
            using var encoded = model.EncodePrompts(missing);
            var parts = captions.Select(caption => captionRows.TryGetValue(caption, out var row)
                ? text[row].unsqueeze(0)
                : encoded[missing.IndexOf(caption)].unsqueeze(0)).ToList();
            return cat(parts, 0).MoveToOuterDisposeScope();
        }

        using var rows = tensor(captions.Select(caption => captionRows[caption]).ToArray(), device: text.device);
        return text.index_select(0, rows);
    }

    public void Dispose()
    {
        mean.Dispose();
        std.Dispose();
        text.Dispose();
    }

    /// <summary><paramref name="value"/> on <paramref name="device"/>, owned by the caller (the original is disposed when moved).</summary>
    private static Tensor OnDevice(Tensor value, Device device)
    {
        if (value.device == device)
        {
            return value;
        }

        var moved = value.to(device);
        value.Dispose();
        return moved;
    }

    private static (Tensor Mean, Tensor Std, Tensor Text, IReadOnlyList<string> Captions)? TryRead(string path, string key, int items, int captionCount)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var file = SafetensorsFile.Open(path);
            var metadata = file.Metadata;
            if (!metadata.TryGetValue("format", out var format) || format != Format
                || !metadata.TryGetValue("version", out var version) || version != FormatVersion.ToString(CultureInfo.InvariantCulture)
                || !metadata.TryGetValue("key", out var storedKey) || storedKey != key
                || !metadata.TryGetValue("captions", out var captionsJson)
                || JsonSerializer.Deserialize<List<string>>(captionsJson) is not { } captions || captions.Count != captionCount
                || !file.Contains("mean") || !file.Contains("std") || !file.Contains("text")
                || file.ShapeOf("mean")[0] != items || !file.ShapeOf("std").SequenceEqual(file.ShapeOf("mean")) || file.ShapeOf("text")[0] != captionCount)
            {
                return null;
            }

            return (file.Read("mean"), file.Read("std"), file.Read("text"), captions);
        }
        catch (Exception error) when (error is InvalidDataException or IOException or JsonException)
        {
            return null;
        }
    }

    private static (Tensor Mean, Tensor Std) EncodeImages(StableDiffusion model, IImageCaptionDataset dataset, int side, int batchSize, CancellationToken cancellationToken)
    {
        var preprocessor = new ImagePreprocessor(side, model.ImageChannels);
        var means = new List<Tensor>();
        var stds = new List<Tensor>();
        try
        {
            for (var start = 0; start < dataset.Items.Count; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(batchSize, dataset.Items.Count - start);
                var pixels = new float[count * preprocessor.ValuesPerImage];
                for (var i = 0; i < count; i++)
                {
                    try
                    {
                        preprocessor.Prepare(dataset, start + i, pixels.AsSpan(i * preprocessor.ValuesPerImage, preprocessor.ValuesPerImage));
                    }
                    catch (Exception error) when (error is InvalidDataException or IOException or UnauthorizedAccessException)
                    {
                        // Never looked up: the batch loader skips this item.
                    }
                }

                using var scope = NewDisposeScope();
                var (mean, std) = model.ImagesToPosterior(tensor(pixels, [count, preprocessor.Channels, side, side]));
                means.Add(mean.cpu().DetachFromDisposeScope());
                stds.Add(std.cpu().DetachFromDisposeScope());
            }

            return (cat(means, 0), cat(stds, 0));
        }
        finally
        {
            means.ForEach(t => t.Dispose());
            stds.ForEach(t => t.Dispose());
        }
    }

    private static Tensor EncodeCaptions(StableDiffusion model, IReadOnlyList<string> captions, int batchSize, CancellationToken cancellationToken)
    {
        var parts = new List<Tensor>();
        try
        {
            for (var start = 0; start < captions.Count; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                parts.Add(model.EncodePrompts(captions.Skip(start).Take(batchSize).ToList()).cpu().DetachFromDisposeScope());
            }

            return cat(parts, 0);
        }
        finally
        {
            parts.ForEach(t => t.Dispose());
        }
    }
}
