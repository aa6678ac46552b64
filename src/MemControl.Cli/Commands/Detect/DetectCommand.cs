using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using MemControl.Cli.Commands.Evaluate;
using MemControl.Metrics.Evaluation;
using MemControl.Models.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;
using MemControl.Workflow.Detection;
using MemControl.Workflow.Evaluation;
using MemControl.Workflow.Reports;

namespace MemControl.Cli.Commands.Detect;

/// <summary>
/// <c>memcontrol detect</c>: per-prompt memorization score (Wen et al.'s denoising strength over the first sampling
/// step(s), <see cref="MemorizationDetector"/>) and the threshold decision. The threshold is <c>--threshold</c>, or the
/// <c>--calibration-quantile</c> of the scores of <c>--calibrate-prompts</c> (prompts known not to be memorized);
/// without either, scores are printed with no decision, since a score's scale depends on the model.
/// </summary>
public sealed class DetectCommand(IAnsiConsole console) : Command<DetectSettings>
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // readable quotes and dashes in prompts
    };

    public override int Execute(CommandContext context, DetectSettings settings, CancellationToken cancellationToken)
    {
        var options = new DetectionOptions
        {
            Steps = settings.Steps,
            FirstSteps = settings.FirstSteps,
            GenerationsPerPrompt = settings.Generations,
            GuidanceScale = settings.Guidance,
            Seed = settings.Seed,
        };
        OptionNames.Check(options.Validate, OptionTables.Detect);
        if (settings.CalibratePrompts is not null && settings.CalibrationQuantile is <= 0 or >= 1)
        {
            throw new ArgumentException($"--calibration-quantile: must lie in (0, 1), got {settings.CalibrationQuantile}");
        }

        if (settings.Out is { } outPath && !outPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"--out: must be a .json file, not '{outPath}'");
        }

        OptionNames.Parsed("--device", () => ComputeDevice.Parse(settings.Device));
        var prompts = settings.Prompt.Concat(settings.PromptsFile is null ? [] : PromptFile.Read(settings.PromptsFile, "--prompts")).ToArray();
        var calibration = settings.CalibratePrompts is null ? null : PromptFile.Read(settings.CalibratePrompts, "--calibrate-prompts");

        var (model, loaded) = EvaluatedModel.Load(settings.Model!, settings.Adapter, settings.Device);
        using var _ = model;
        var detector = new MemorizationDetector(model);
        var scores = detector.Score(prompts, options, cancellationToken: cancellationToken);
        double? threshold = settings.Threshold;
        var source = threshold is null ? "none: give --threshold or --calibrate-prompts for a decision" : "given (--threshold)";
        if (calibration is not null)
        {
            var plain = detector.Score(calibration, options, cancellationToken: cancellationToken).Select(d => d.Score).ToArray();
            threshold = OptionNames.Parsed("--calibrate-prompts", () => MemorizationDetector.CalibrateThreshold(plain, settings.CalibrationQuantile));
            source = string.Create(CultureInfo.InvariantCulture,
                $"quantile {settings.CalibrationQuantile} of {plain.Length} calibration prompts' scores (--calibrate-prompts; range {plain.Min():0.0000}–{plain.Max():0.0000})");
        }

        var file = new DetectionFile(DetectionFile.CurrentVersion, loaded, options, threshold, source,
            scores.Select(s => new DetectedPrompt(s.Prompt, s.Score, s.PerGeneration, threshold is { } t ? s.IsFlagged(t) : null)).ToArray());
        var json = JsonSerializer.Serialize(file, Json);
        if (settings.Out is not null)
        {
            new ReportFiles().AddText(Path.GetFileName(settings.Out), json).WriteTo(Path.GetDirectoryName(Path.GetFullPath(settings.Out))!);
        }

        if (settings.Json)
        {
            Console.Out.WriteLine(json);
            return 0;
        }

        var table = new Table().AddColumn("#").AddColumn("score").AddColumn("memorized").AddColumn("prompt");
        for (var i = 0; i < file.Prompts.Count; i++)
        {
            var p = file.Prompts[i];
            table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), p.Score.ToString("0.0000", CultureInfo.InvariantCulture),
                p.Memorized switch { true => "[red]yes[/]", false => "no", null => "—" }, Markup.Escape(p.Prompt));
        }

        console.Write(table);
        console.WriteLine(threshold is { } used
            ? string.Create(CultureInfo.InvariantCulture, $"threshold {used:0.0000}: {source}")
            : $"threshold {source}");
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"score = mean over {options.GenerationsPerPrompt} noises of ‖ε̂(x_t, c) − ε̂(x_t, ∅)‖₂ over the first {options.FirstSteps} of {options.Steps} DDIM steps ({loaded})"));
        return 0;
    }
}
