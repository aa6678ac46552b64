using System.ComponentModel;
using System.Diagnostics;
using MemControl.Models.Synthetic;
using Spectre.Console;
using Spectre.Console.Cli;
using static TorchSharp.torch;

namespace MemControl.Cli.Commands.Scale;

/// <summary>
/// <c>memcontrol write-sd15</c> (hidden): a diffusers pipeline folder in the exact SD-1.5 layout with random weights,
/// for tests and benchmarks at paper scale on machines without the real checkpoint (docs/scale.md). Real users bring
/// their own folder.
/// </summary>
public sealed class WriteSd15Command(IAnsiConsole console) : Command<WriteSd15Command.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--out <DIR>")]
        [Description("The pipeline folder to write (must not exist).")]
        public string? Out { get; init; }

        [CommandOption("--tokenizer <DIR>")]
        [Description("A folder with the CLIP vocab.json and merges.txt (e.g. tests/fixtures/clip-tokenizer).")]
        public string? Tokenizer { get; init; }

        [CommandOption("--dtype <fp32|fp16|bf16>")]
        [Description("Weight precision of the safetensors files (default fp16, as the published checkpoint).")]
        public string DType { get; init; } = "fp16";

        [CommandOption("--seed <K>")]
        [Description("Seed of the random weights.")]
        public int Seed { get; init; }

        [CommandOption("--tiny")]
        [Description("The same layout and key names with small widths (a few MB), for tests.")]
        public bool Tiny { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out <DIR> is required")
            : string.IsNullOrWhiteSpace(Tokenizer) ? ValidationResult.Error("--tokenizer <DIR> is required")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var dtype = settings.DType.ToLowerInvariant() switch
        {
            "fp32" => ScalarType.Float32,
            "fp16" => ScalarType.Float16,
            "bf16" => ScalarType.BFloat16,
            _ => throw new ArgumentException($"--dtype: '{settings.DType}' is not one of fp32, fp16, bf16"),
        };
        if (!File.Exists(Path.Combine(settings.Tokenizer!, "vocab.json")) || !File.Exists(Path.Combine(settings.Tokenizer!, "merges.txt")))
        {
            throw new DirectoryNotFoundException($"--tokenizer: '{settings.Tokenizer}' has no vocab.json and merges.txt");
        }

        if (Directory.Exists(settings.Out) || File.Exists(settings.Out))
        {
            throw new ArgumentException($"--out: '{settings.Out}' exists; give a new folder");
        }

        var clock = Stopwatch.StartNew();
        Sd15FolderWriter.Write(settings.Out!, dtype, settings.Seed, settings.Tiny ? Sd15Scale.Tiny : Sd15Scale.Full, settings.Tokenizer!);
        var bytes = new DirectoryInfo(settings.Out!).EnumerateFiles("*", SearchOption.AllDirectories).Sum(file => file.Length);
        console.WriteLine($"wrote an SD-1.5-shaped pipeline ({(settings.Tiny ? "tiny" : "full size")}, {settings.DType}, seed {settings.Seed}) to {settings.Out}: {bytes / 1e6:0.0} MB in {clock.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }
}
