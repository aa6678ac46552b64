using System.Globalization;
using System.Text.Json.Nodes;

namespace MemControl.Workflow.Reports;

/// <summary>
/// The evaluation of the final model (evaluate/): the metrics, sample grid, nearest-neighbour gallery and the
/// memorization prompts flagged as memorized (extracted, or with a sample copying its own training image).
/// </summary>
public static class EvaluateSection
{
    public static void Add(ReportPage page, RunFolder run, JsonNode? metrics)
    {
        page.Heading("Evaluation of the final model");
        var grid = run.Png(RunFiles.EvaluateGrid, "sample grid");
        var gallery = run.Png(RunFiles.EvaluateGallery, "nearest-neighbour gallery");
        if (metrics is null && grid is null && gallery is null)
        {
            page.Paragraph("No evaluation in this run folder (evaluate/).", note: true);
            return;
        }

        if (metrics is not null)
        {
            var space = JsonPath.Text(metrics, "quality.feature_space") ?? "features";
            page.Table(["metric", "value", "meaning"], new (string Name, string Path, string Meaning)[]
            {
                ($"FD ({space})", "quality.frechet_distance", "distance of generated to real held-out images; lower = better quality"),
                ($"AMD ({space})", "quality.average_minimum_distance", "mean distance of a generation to its closest training image; higher = less memorization"),
                ("MiFID", "quality.mi_fid", "FD penalised when AMD is small"),
                ("replication rate", "replication.rate", "share of generations near-copying a training image"),
                ("replication baseline", "replication.baseline_rate", "the same share among the real training images"),
                ("alignment", "alignment.label_agreement", "findings asked for that the classifier sees in the image"),
                ("denoising strength", "denoising_strength.held_out_mean", "Wen et al.'s score on held-out prompts; high = the prompt steers hard"),
                ("extracted prompts", "memorization.extracted", "memorization prompts whose samples repeat one image"),
                ("memorization prompts", "memorization.prompts", "training captions tried as prompts"),
            }.Where(item => JsonPath.Get(metrics, item.Path) is not null)
             .Select(item => (IReadOnlyList<HtmlCell>)[item.Name, HtmlCell.Number(JsonPath.Display(JsonPath.Get(metrics, item.Path))), item.Meaning])
             .ToList());
        }

        if (grid is not null)
        {
            page.Paragraph("Samples generated on held-out prompts:");
            page.Image(grid, "grid of images generated on held-out prompts", RunFiles.EvaluateGrid);
        }

        if (gallery is not null)
        {
            page.Paragraph("Nearest-neighbour gallery: each generation beside the training image closest to it, closest pairs first. A pair that looks the same is a copy.");
            page.Image(gallery, "generations beside their nearest training images, closest first", RunFiles.EvaluateGallery);
        }

        if (metrics is not null)
        {
            Flagged(page, metrics);
        }
    }

    private static void Flagged(ReportPage page, JsonNode metrics)
    {
        page.Heading("Prompts flagged as memorized");
        var prompts = JsonPath.Items(metrics, "memorization_prompts");
        if (prompts.Count == 0)
        {
            page.Paragraph("The evaluation tried no training caption as a prompt (no memorization set), so no prompt can be flagged.", note: true);
            return;
        }

        var flagged = prompts
            .Where(p => JsonPath.Flag(p, "extracted") == true || JsonPath.Number(p, "copied_share") > 0)
            .ToList();
        if (flagged.Count == 0)
        {
            page.Paragraph($"None of the {prompts.Count} training captions tried was memorized (no extraction, no copy of its own training image).");
            return;
        }

        page.Paragraph($"{flagged.Count} of {prompts.Count} training captions tried as prompts made the model reproduce training data:");
        page.Table(["prompt (training caption)", "training image", "extracted", "matches own image", "samples copying"], flagged
            .Select(p => (IReadOnlyList<HtmlCell>)
            [
                JsonPath.Text(p, "prompt"), JsonPath.Text(p, "training_id"),
                JsonPath.Flag(p, "extracted") == true ? "yes" : "no",
                JsonPath.Flag(p, "extracted_matches_training") == true ? "yes" : "no",
                HtmlCell.Number(((JsonPath.Number(p, "copied_share") ?? 0) * 100).ToString("0", CultureInfo.InvariantCulture) + " %"),
            ])
            .ToList());
    }
}
