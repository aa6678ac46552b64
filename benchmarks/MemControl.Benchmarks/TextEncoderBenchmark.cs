using System.Diagnostics;
using MemControl.Models.TextEncoders;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Benchmarks;

/// <summary>
/// SD-1.5's CLIP text encoder (random weights, float32, CPU, no grad) on [B, 77] prompts, and the CLIP tokenizer's load
/// time and encode rate: what prompt conditioning costs per generation batch and per caption.
/// Options: --batch B (2), --repeats R (5), --encodes N (10000), --tokenizer DIR (the fixture vocabulary beside the checkout).
/// </summary>
public sealed class TextEncoderBenchmark : IBenchmark
{
    public string Name => "text-encoder";

    public string Description => "SD-1.5 CLIP text encoder forward on [B,77] and CLIP tokenizer encode rate (CPU)";

    public object Run(IReadOnlyList<string> args)
    {
        var batch = IntOption(args, "--batch", 2);
        var repeats = IntOption(args, "--repeats", 5);
        var encodes = IntOption(args, "--encodes", 10_000);
        var tokenizerDir = StringOption(args, "--tokenizer")
                           ?? Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../../tests/fixtures/clip-tokenizer"));

        // Tokenizer: load, then EncodePadded over a few report-like captions.
        string[] captions =
        [
            "a chest x-ray showing cardiomegaly",
            "Small left pleural effusion. No pneumothorax.",
            "PA and lateral views of the chest: Heart size is normal; lungs are clear!!",
            "ET tube tip 3.5 cm above the carina; NG tube in stomach.",
        ];
        object tokenizerFigures = "skipped: no vocab.json in " + tokenizerDir + " (pass --tokenizer DIR)";
        if (File.Exists(Path.Combine(tokenizerDir, "vocab.json")))
        {
            var loadClock = Stopwatch.StartNew();
            var tokenizer = ClipTokenizer.FromFolder(tokenizerDir);
            var loadMs = loadClock.Elapsed.TotalMilliseconds;
            tokenizer.EncodePadded(captions[0]);
            var encodeClock = Stopwatch.StartNew();
            for (var i = 0; i < encodes; i++)
            {
                tokenizer.EncodePadded(captions[i % captions.Length]);
            }

            var seconds = encodeClock.Elapsed.TotalSeconds;
            tokenizerFigures = new { load_ms = Math.Round(loadMs, 1), encodes, encodes_per_second = Math.Round(encodes / seconds) };
        }

        // Text encoder: build SD-1.5's, one warm-up forward, then the median of the timed ones.
        var buildClock = Stopwatch.StartNew();
        using var model = new ClipTextModel(ClipTextConfig.StableDiffusion15);
        model.eval();
        var buildMs = buildClock.Elapsed.TotalMilliseconds;
        using var noGrad = torch.no_grad();
        using var ids = torch.randint(0, 49406, [batch, 77], ScalarType.Int64);
        model.call(ids).Dispose();
        var forwardMs = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            model.call(ids).Dispose();
            forwardMs.Add(clock.Elapsed.TotalMilliseconds);
        }

        forwardMs.Sort();
        return new
        {
            torch_threads = torch.get_num_threads(),
            text_encoder = new
            {
                parameters = model.parameters().Sum(p => p.numel()),
                build_ms = Math.Round(buildMs, 1),
                batch,
                repeats,
                forward_median_ms = Math.Round(forwardMs[forwardMs.Count / 2], 1),
                forward_min_ms = Math.Round(forwardMs[0], 1),
            },
            tokenizer = tokenizerFigures,
        };
    }

    private static int IntOption(IReadOnlyList<string> args, string name, int fallback)
    {
        var text = StringOption(args, name);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name} must be a positive integer, found '{text}'");
    }

    private static string? StringOption(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == name)
            {
                return args[i + 1];
            }
        }

        return args.Count > 0 && args[^1] == name ? throw new ArgumentException($"{name} needs a value") : null;
    }
}
