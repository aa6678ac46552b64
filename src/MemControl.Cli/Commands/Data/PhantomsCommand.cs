using System.ComponentModel;
using System.Diagnostics;
using MemControl.Data.Images;
using MemControl.Data.Phantoms;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MemControl.Cli.Commands.Data;

/// <summary><c>memcontrol data phantoms</c>: writes synthetic chest radiographs and their manifest.</summary>
public sealed class PhantomsCommand(IAnsiConsole console) : Command<PhantomsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--count <N>")]
        [Description("Number of studies (images).")]
        public int Count { get; init; } = 1000;

        [CommandOption("--out <DIR>")]
        [Description("Output folder: images/ and manifest.csv go there.")]
        public string? Out { get; init; }

        [CommandOption("--size <S>")]
        [Description("Image side in pixels (default 64; 224/512 for SD checkpoints).")]
        public int Size { get; init; } = 64;

        [CommandOption("--seed <K>")]
        [Description("Generator seed: the same seed gives the same dataset.")]
        public int Seed { get; init; }

        [CommandOption("--subjects <M>")]
        [Description("Number of distinct subjects (default: count / 4).")]
        public int? Subjects { get; init; }

        [CommandOption("--grid <FILE>")]
        [Description("Also write a PNG grid of the first 16 images (to look at).")]
        public string? Grid { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out <DIR> is required")
            : Size is < 8 or > 4096 ? ValidationResult.Error($"--size must lie in [8, 4096], got {Size}")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        // A bad option or file is an exception that UserErrors turns into one line: exit 2 (usage) or 3 (input),
        // as for every command (docs/commands.md, "Exit codes"); 1 stays data check's "an unusable row".
        var options = new PhantomOptions { Count = settings.Count, Subjects = settings.Subjects, Seed = settings.Seed };
        OptionNames.Check(options.Validate, OptionTables.Phantoms);
        var watch = Stopwatch.StartNew();
        var dataset = PhantomDataset.Create(options);
        var manifest = PhantomWriter.Write(dataset, settings.Out!, settings.Size);
        console.MarkupLineInterpolated(
            $"wrote {dataset.Items.Count} phantoms of {options.SubjectCount} subjects ({settings.Size}×{settings.Size}, seed {settings.Seed}) in {watch.Elapsed.TotalSeconds:0.0} s: {manifest}");
        if (settings.Grid is { } grid)
        {
            var images = Enumerable.Range(0, Math.Min(16, dataset.Items.Count)).Select(i => dataset.LoadImage(i, settings.Size)).ToArray();
            ImageEncoder.WriteFile(grid, ImageGrid.Compose(images, 4));
            console.MarkupLineInterpolated($"grid of the first {images.Length}: {grid}");
        }

        return 0;
    }
}
