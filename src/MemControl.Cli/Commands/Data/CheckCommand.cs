using System.ComponentModel;
using System.Globalization;
using MemControl.Data;
using MemControl.Data.Checking;
using MemControl.Data.Manifests;
using MemControl.Data.Mimic;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MemControl.Cli.Commands.Data;

/// <summary>
/// <c>memcontrol data check</c>: validates a manifest or a MIMIC-CXR-JPG folder and prints a summary and every
/// problem with its file and line. Exit code 1 when some row or file is unusable, 0 otherwise.
/// </summary>
public sealed class CheckCommand(IAnsiConsole console) : Command<CheckCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--manifest <FILE>")]
        [Description("A manifest CSV (image,caption,subject, optional split and label columns).")]
        public string? Manifest { get; init; }

        [CommandOption("--mimic <ROOT>")]
        [Description("A MIMIC-CXR-JPG root folder (files/, mimic-cxr-2.0.0-split.csv.gz, reports).")]
        public string? Mimic { get; init; }

        [CommandOption("--allow-outside-paths")]
        [Description("Accept manifest image paths outside the manifest's folder.")]
        public bool AllowOutsidePaths { get; init; }

        [CommandOption("--no-decode")]
        [Description("Do not decode the images (faster; misses damaged files and duplicates).")]
        public bool NoDecode { get; init; }

        [CommandOption("--max-problems <N>")]
        [Description("How many problems to list (default 50; all are counted).")]
        public int MaxProblems { get; init; } = 50;

        public override ValidationResult Validate() =>
            (Manifest is null) == (Mimic is null)
                ? ValidationResult.Error("give exactly one of --manifest <FILE> or --mimic <ROOT>")
                : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        // A bad option or file is an exception that UserErrors turns into one line: exit 2 (usage) or 3 (input),
        // as for every command (docs/commands.md, "Exit codes"); 1 stays data check's "an unusable row".
        var source = settings.Manifest is { } manifest
            ? ManifestReader.Read(manifest, new ManifestOptions { AllowPathsOutsideRoot = settings.AllowOutsidePaths })
            : MimicCxrReader.Read(settings.Mimic!);
        var report = DataChecker.Check(source, new DataCheckOptions { DecodeImages = !settings.NoDecode });
        Print(report, settings.MaxProblems);
        return report.HasUnusableFiles ? 1 : 0;
    }

    private void Print(DataCheckReport report, int maxProblems)
    {
        string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
        var table = new Table().AddColumn("what").AddColumn("value");
        table.AddRow("source", Markup.Escape(report.Source));
        table.AddRow("usable items", N(report.Items));
        table.AddRow("subjects", N(report.Subjects));
        foreach (var (split, count) in report.ItemsPerSplit)
        {
            table.AddRow($"split {Markup.Escape(split)}", $"{N(count)} items, {N(report.SubjectsPerSplit[split])} subjects");
        }

        var c = report.CaptionTokens;
        table.AddRow("caption words", $"min {c.Minimum}, median {c.Median}, mean {N(c.Mean)}, p95 {c.Percentile95}, max {c.Maximum}");
        table.AddRow("exact duplicate images", N(report.DuplicateImages));
        var errors = report.Problems.Count(p => p.IsError);
        table.AddRow("problems", $"{errors} error(s), {report.Problems.Count - errors} warning(s)");
        console.Write(table);

        foreach (var problem in report.Problems.Take(Math.Max(0, maxProblems)))
        {
            var label = problem.IsError ? "[red]error[/]" : "[yellow]warning[/]";
            console.MarkupLine($"{label} {Markup.Escape(problem.Location)}: {Markup.Escape(OptionNames.Reword(problem.Message, typeof(Settings)))}");
        }

        if (report.Problems.Count > maxProblems)
        {
            console.WriteLine($"... and {report.Problems.Count - maxProblems} more problem(s) (--max-problems to list more)");
        }

        console.WriteLine(report.HasUnusableFiles
            ? "data check: some rows or files are unusable (exit code 1)."
            : "data check: every row is usable.");
    }
}
