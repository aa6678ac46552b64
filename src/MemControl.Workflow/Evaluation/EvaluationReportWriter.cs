using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MemControl.Data;
using MemControl.Data.Images;
using MemControl.Metrics.Evaluation;
using SkiaSharp;
using MemControl.Workflow.Reports;

namespace MemControl.Workflow.Evaluation;

/// <summary>Writes metrics.json, grid.png, gallery.png and evaluation.md together (all or none: <see cref="ReportFiles"/>).</summary>
public static class EvaluationReportWriter
{
    public const string MetricsFile = "metrics.json";
    public const string GridFile = "grid.png";
    public const string GalleryFile = "gallery.png";
    public const string MarkdownFile = "evaluation.md";

    /// <summary>Prompts shown in the grid (one row each, its images across).</summary>
    private const int GridPrompts = 16;

    /// <summary>camelCase as audit.json; MiFID is +∞ when AMD is 0, so named floating-point literals are allowed.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // readable quotes and dashes in prompts
        Converters = { new JsonStringEnumConverter() },
    };

    public static IReadOnlyList<string> Write(string folder, EvaluationMetricsFile file, IImageCaptionDataset training, int top)
    {
        var result = file.Result;
        var images = result.HeldOutImages ?? throw new InvalidOperationException("the evaluation kept no images");
        var perPrompt = result.Options.ImagesPerPrompt;
        var grid = ImageGrid.Compose(images.Take(GridPrompts * perPrompt).ToArray(), perPrompt);
        return new ReportFiles()
            .AddText(MetricsFile, JsonSerializer.Serialize(file, Json))
            .Add(GridFile, ImageEncoder.Encode(grid, SKEncodedImageFormat.Png))
            .Add(GalleryFile, EvaluationGallery.Render(result, training, top))
            .AddText(MarkdownFile, Markdown(file, Math.Min(top, result.Generations.Count)))
            .WriteTo(folder);
    }

    /// <summary>The summary table: every metric with its threshold and what to read it against.</summary>
    public static IReadOnlyList<(string What, string Value)> Summary(EvaluationResult r)
    {
        var q = r.Quality;
        var rep = r.Replication;
        var rows = new List<(string, string)>
        {
            ("generated", $"{N(r.Generations.Count)} images for {N(r.HeldOutPrompts)} held-out prompts ({N(r.ImageSize)} px; DDIM {N(r.Options.Steps)} steps, guidance {F2(r.Options.GuidanceScale)}, seed {r.Options.Seed.ToString(CultureInfo.InvariantCulture)})"),
            ("training images searched", N(r.TrainingImages)),
            (q.FrechetDistanceName, $"{F(q.FrechetDistance)} ({N(q.RealCount)} real vs {N(q.GeneratedCount)} generated; not comparable with published InceptionV3 FID)"),
            ($"AMD ({q.FeatureSpace})", $"{F(q.AverageMinimumDistance)} (higher = further from the training set)"),
            ("MiFID", $"{F(q.MiFid)} (FD / AMD when AMD < 0.1, else FD)"),
            ("replication rate", $"{P(rep.Rate)} at cosine > {F(rep.Threshold)} ({rep.ThresholdSource}); training baseline {P(rep.BaselineRate)}"),
            ("replication rate at 0.5", $"{P(rep.RateAtSscdThreshold)}; training baseline {P(rep.BaselineRateAtSscdThreshold)} (0.5 is calibrated for SSCD features, not these)"),
            ("train-to-train nearest-other cosine", $"median {F(rep.BaselineMedianCosine)}, max {F(rep.BaselineMaximumCosine)}"),
            ("alignment", r.Alignment is { } a
                ? $"{P(a.LabelAgreement)} of findings read as asked, {P(a.ExactMatchRate)} of images exactly; real held-out images {P(a.RealLabelAgreement)} ({r.AlignmentNote})"
                : r.AlignmentNote),
        };
        if (r.DenoisingStrength is { } d)
        {
            rows.Add(("denoising strength (mean over steps)", d.MemorizationMean is { } m
                ? $"held-out prompts {F(d.HeldOutMean)}, memorization prompts {F(m)} (ratio {F(d.MemorizationToHeldOutRatio ?? double.NaN)})"
                : $"held-out prompts {F(d.HeldOutMean)}"));
        }

        if (r.Memorization is { } mem)
        {
            rows.Add(("extraction attack", $"{N(mem.Extracted)} of {N(mem.Prompts)} memorization prompts extracted ({N(mem.SamplesPerPrompt)} samples each, linked at max-tile RMS < {F(mem.ExtractionThreshold)}); {N(mem.ExtractedMatchingTraining)} within τ of their training image; {P(mem.TrainingShareLinkedAtExtractionThreshold)} of training images are within τ of another"));
            rows.Add(("copying", $"{P(mem.MeanCopiedShare)} of samples copy their own training image (RMS < {F(mem.CopyingThreshold)} and nearest); {N(mem.PromptsWithCopy)} of {N(mem.Prompts)} prompts with a copy; τ below every own image's nearest other: {(mem.CopyingThresholdBelowTrainingNeighbours ? "yes" : "NO — τ too loose for this data")}"));
        }
        else
        {
            rows.Add(("extraction attack, copying", "not measured: no memorization set (--memorization-set or --memorization-count)"));
        }

        return rows;
    }

    private static string Markdown(EvaluationMetricsFile file, int galleryRows)
    {
        var r = file.Result;
        var md = new StringBuilder();
        md.Append(Reports.Markdown.Heading(1, "Evaluation"));
        md.Append(Reports.Markdown.Paragraph($"{file.Loaded}. Training data: {r.Training}. Held-out prompts: {r.HeldOut}."));
        md.Append(Reports.Markdown.Table(["measure", "value"], Summary(r).Select(s => (IReadOnlyList<string>)[s.What, s.Value])));
        md.Append(Reports.Markdown.Heading(2, "Samples (one row per held-out prompt)"));
        md.Append(Reports.Markdown.Image("sample grid", GridFile));
        md.Append(Reports.Markdown.Heading(2, $"Closest {galleryRows} generations to a training image"));
        md.Append(Reports.Markdown.Image("nearest-neighbour gallery", GalleryFile));
        md.Append(Reports.Markdown.Table(["#", "prompt", "nearest training image", "1 − cos", "pixel RMS", "replicated"],
            r.Generations.Take(galleryRows).Select((g, i) => (IReadOnlyList<string>)
                [N(i + 1), g.Prompt, g.NearestTrainingId, F(g.FeatureDistance), F(g.PixelRms), g.Replicated ? "yes" : "no"])));
        if (r.MemorizationPrompts.Count > 0)
        {
            md.Append(Reports.Markdown.Heading(2, "Memorization prompts (most copied first)"));
            md.Append(Reports.Markdown.Table(["training image", "copied share", "closest sample RMS", "own image's nearest other RMS", "extracted", "denoising strength"],
                r.MemorizationPrompts.Select(p => (IReadOnlyList<string>)
                [
                    p.TrainingId, P(p.CopiedShare), F(p.MinimumOwnRms), F(p.OwnNearestOtherRms),
                    p.Extracted ? (p.ExtractedMatchesTraining ? "yes, matches its image" : "yes") : "no",
                    p.DenoisingStrength is { } s ? F(s) : "—",
                ])));
        }

        return md.ToString();
    }

    private static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string F2(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string P(double share) => share.ToString("0.0%", CultureInfo.InvariantCulture);
}
