using System.Globalization;
using System.Text.Json;
using MemControl.Workflow.Reports;

namespace MemControl.Workflow.Audit;

/// <summary>Writes audit.json, gallery.png, audit.html and audit.md together (all or none: <see cref="ReportFiles"/>).</summary>
public static class AuditReportWriter
{
    public const string JsonFile = "audit.json";
    public const string GalleryFile = "gallery.png";
    public const string HtmlFile = "audit.html";
    public const string MarkdownFile = "audit.md";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
    };

    public static IReadOnlyList<string> Write(string folder, AuditResult result, IReadOnlyList<GalleryRow> gallery)
    {
        var galleryPng = AuditGallery.Render(gallery);
        return new ReportFiles()
            .AddText(JsonFile, JsonSerializer.Serialize(result, Json))
            .Add(GalleryFile, galleryPng)
            .AddText(HtmlFile, Html(result, gallery, galleryPng))
            .AddText(MarkdownFile, Markdown(result, gallery.Count))
            .WriteTo(folder);
    }

    public static IReadOnlyList<(string What, string Value)> Summary(AuditResult r)
    {
        var rep = r.Replication;
        var rows = new List<(string, string)>
        {
            ("training images", N(r.TrainingImages)),
            ("generated images", N(r.GeneratedImages)),
            ("feature space", r.FeatureSpace),
            ($"AMD ({r.FeatureSpace}; higher = less memorization)", F(r.AverageMinimumDistance)),
            ("replication rate", $"{P(rep.Rate)} at cosine > {F(rep.Threshold)} ({rep.ThresholdSource}); training baseline {P(rep.BaselineRate)}"),
            ("replication rate at 0.5", $"{P(rep.RateAtSscdThreshold)}; training baseline {P(rep.BaselineRateAtSscdThreshold)} (0.5 is calibrated for SSCD features, not these)"),
            ("train-to-train nearest-other cosine", $"median {F(rep.BaselineMedianCosine)}, max {F(rep.BaselineMaximumCosine)}"),
        };
        var pixels = r.PixelBaseline;
        rows.Add(($"train-to-train nearest-other pixel RMS ({r.PixelSize} px gray)",
            $"min {F(pixels.Minimum)}, median {F(pixels.Median)} over {N(pixels.Probes)} probes; {N(pixels.GeneratedBelowMinimum)} generated image(s) below the min"));

        if (r.DuplicateGroups is { } groups)
        {
            var withCaption = groups.Count(g => g.MatchesTrainingImage is not null);
            rows.Add(("extraction attack (prompts with ≥ 2 generations)",
                $"{N(groups.Count(g => g.Extracted))} of {N(groups.Count)} prompts extracted (linked group ≥ 3 at max-tile RMS < {F(r.ExtractionThreshold)}); " +
                $"{N(groups.Count(g => g.MatchesTrainingImage == true))} of the {N(withCaption)} prompts that are training captions have a member within τ of that image"));
        }

        rows.Add(("extraction τ against the training set",
            $"{P(pixels.ShareLinkedAtExtractionThreshold)} of training images are within τ = {F(r.ExtractionThreshold)} (max-tile RMS) of another training image; " +
            "linked groups mean copying only if this share is small"));

        return rows;
    }

    private static string Html(AuditResult r, IReadOnlyList<GalleryRow> gallery, byte[] galleryPng)
    {
        var page = new HtmlReport("Memorization audit");
        page.Paragraph($"Training manifest: {r.TrainManifest}. Generated images: {r.GeneratedFolder}.", note: true);
        page.Heading(2, "Summary").Table(["measure", "value"], Summary(r).Select(s => (IReadOnlyList<HtmlCell>)[s.What, s.Value]));
        page.Paragraph("Thresholds belong to a feature space: a rate means something only well above the share of real, distinct "
            + "training images that pass the same threshold against their nearest other training image (the baseline).", note: true);
        page.Heading(2, $"Nearest-neighbour gallery (closest {gallery.Count} first)");
        page.Table(["#", "generated", "nearest training", "file", "nearest training image", "1 − cos", "pixel RMS", "replicated"],
            gallery.Select(g => (IReadOnlyList<HtmlCell>)
            [
                HtmlCell.Number(N(g.Rank)), HtmlCell.Picture(g.GeneratedPng, g.Audit.File),
                HtmlCell.Picture(g.TrainingPng, g.Audit.NearestTrainingId), $"{g.Audit.File}{(g.Audit.Prompt is null ? "" : $" — prompt: {g.Audit.Prompt}")}",
                $"{g.Audit.NearestTrainingId} — {g.Audit.NearestTrainingCaption}", HtmlCell.Number(F(g.Audit.FeatureDistance)),
                HtmlCell.Number(F(g.Audit.PixelRms)), g.Audit.Replicated ? "yes" : "no",
            ]));
        if (r.DuplicateGroups is { Count: > 0 } groups)
        {
            page.Heading(2, "Duplicate groups per prompt (extraction attack)");
            page.Table(["prompt", "generations", "largest linked group", "extracted", "within τ of its training image"],
                groups.Select(g => (IReadOnlyList<HtmlCell>)
                [
                    g.Prompt, HtmlCell.Number(N(g.Generations)), string.Join(", ", g.LargestGroup), g.Extracted ? "yes" : "no",
                    g.MatchesTrainingImage switch { null => "no training caption equals the prompt", true => "yes", false => "no" },
                ]));
        }

        page.Heading(2, "Gallery image").Image(galleryPng, "nearest-neighbour gallery");
        page.Paragraph($"Every generated image with its nearest training image is listed in {JsonFile}.", note: true);
        return page.ToString();
    }

    private static string Markdown(AuditResult r, int galleryRows)
    {
        var md = new System.Text.StringBuilder();
        md.Append(Reports.Markdown.Heading(1, "Memorization audit"));
        md.Append(Reports.Markdown.Paragraph($"Training manifest: {r.TrainManifest}. Generated images: {r.GeneratedFolder}."));
        md.Append(Reports.Markdown.Table(["measure", "value"], Summary(r).Select(s => (IReadOnlyList<string>)[s.What, s.Value])));
        md.Append(Reports.Markdown.Heading(2, $"Closest {galleryRows} generated images"));
        md.Append(Reports.Markdown.Image("nearest-neighbour gallery", GalleryFile));
        md.Append(Reports.Markdown.Table(["#", "file", "nearest training image", "1 − cos", "pixel RMS", "replicated"],
            r.Images.Take(galleryRows).Select((a, i) => (IReadOnlyList<string>)
                [N(i + 1), a.File, a.NearestTrainingId, F(a.FeatureDistance), F(a.PixelRms), a.Replicated ? "yes" : "no"])));
        return md.ToString();
    }

    private static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string P(double share) => share.ToString("0.0%", CultureInfo.InvariantCulture);
}
