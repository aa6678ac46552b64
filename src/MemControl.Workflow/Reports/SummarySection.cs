using System.Globalization;
using System.Text.Json.Nodes;
using MemControl.Workflow.Benchmark;

namespace MemControl.Workflow.Reports;

/// <summary>
/// The top of the report, for a privacy officer: how much the model memorizes, in words and numbers, read from the
/// evaluation (evaluate/metrics.json) or, without one, from the benchmark table.
/// </summary>
public static class SummarySection
{
    public static void Add(ReportPage page, JsonNode? metrics, BenchmarkResults? benchmark)
    {
        page.Heading("In short: how much does this model memorize?");
        if (metrics is not null)
        {
            FromEvaluation(page, metrics);
        }
        else if (benchmark is { Rows.Count: > 0 })
        {
            FromBenchmark(page, benchmark);
        }
        else
        {
            page.Paragraph("No evaluation was found in this run folder (evaluate/metrics.json or benchmark/results.json), so this report cannot say how much the model memorizes. Run 'memcontrol evaluate' or 'memcontrol benchmark' into this folder and write the report again.");
        }
    }

    private static void FromEvaluation(ReportPage page, JsonNode metrics)
    {
        var prompts = JsonPath.Number(metrics, "memorization.prompts");
        var extracted = JsonPath.Number(metrics, "memorization.extracted");
        var matching = JsonPath.Number(metrics, "memorization.extracted_matching_training");
        var copying = JsonPath.Number(metrics, "memorization.prompts_with_copy");
        var caveat = Caveat(metrics);
        if (prompts is { } n && extracted is { } k)
        {
            // On data too alike for the tests (the caveat), their counts are reported as counts, not as a finding.
            var finding = caveat is null ? "The model reproduces training images" : "By the memorization tests' counts, the model reproduces training images";
            page.Paragraph(k == 0 && (copying ?? 0) == 0
                ? $"No training image was reproduced: of {n:0} training captions used as prompts, none made the model generate the same image again and again (extraction attack), and no sample copied its own training image."
                : $"{finding}: of {n:0} training captions used as prompts, {k:0} were extracted (the model generated the same image at least 3 times), "
                  + $"{matching ?? 0:0} of them matching the patient's own training image; {Prompts(copying ?? 0)} produced at least one copy of their own training image. These prompts are listed under 'Prompts flagged as memorized'.");
        }
        else
        {
            page.Paragraph("The evaluation had no memorization set, so no training caption was tried as a prompt (no extraction attack).");
        }

        if (caveat is not null)
        {
            page.Paragraph(caveat);
        }

        if (JsonPath.Number(metrics, "replication.rate") is { } rate)
        {
            var baseline = JsonPath.Number(metrics, "replication.baseline_rate");
            page.Paragraph($"On prompts it was not trained on, {Percent(rate)} of the generated images are near-copies of a training image (replication rate)"
                + (baseline is { } b ? $"; for comparison, {Percent(b)} of the real training images are that close to another training image." : "."));
        }

        if (JsonPath.Number(metrics, "quality.average_minimum_distance") is { } amd)
        {
            var space = JsonPath.Text(metrics, "quality.feature_space") ?? "image";
            var fd = JsonPath.Number(metrics, "quality.frechet_distance");
            page.Paragraph($"Average distance of a generated image to its closest training image (AMD, {space} features): {amd.ToString("0.0000", CultureInfo.InvariantCulture)} — higher means less copying."
                + (fd is { } f ? $" Image quality (Fréchet distance to real held-out images, lower is better): {f.ToString("0.00", CultureInfo.InvariantCulture)}." : ""));
        }
    }

    /// <summary>
    /// Share of distinct training images already linked to another at the extraction threshold above which the
    /// attack's count is no evidence of copying: on such data (small, alike images) most images "repeat" without any model.
    /// </summary>
    public const double LinkedShareCaveat = 0.5;

    /// <summary>
    /// A warning when the data make the extraction attack or the copying test unable to tell a copy from a near
    /// neighbour (the evaluation measures both: memorization.training_share_linked_at_extraction_threshold and
    /// memorization.copying_threshold_below_training_neighbours); null when they can.
    /// </summary>
    private static string? Caveat(JsonNode metrics)
    {
        var linked = JsonPath.Number(metrics, "memorization.training_share_linked_at_extraction_threshold");
        var copyingBelow = JsonPath.Flag(metrics, "memorization.copying_threshold_below_training_neighbours");
        var parts = new List<string>();
        if (linked is { } share && share >= LinkedShareCaveat)
        {
            parts.Add($"at the extraction attack's threshold, {Percent(share)} of the distinct training images already count as the same image as another training image, so an 'extracted' prompt may only have produced a typical image");
        }

        if (copyingBelow == false)
        {
            parts.Add("the copying threshold is not below the distance between distinct training images, so a 'copy' may be a near neighbour of another patient's image");
        }

        return parts.Count == 0
            ? null
            : $"Read the counts above with care: on this data, {string.Join("; and ", parts)}. The images are too alike for these two tests to separate copying from resemblance; AMD (below) and the comparison with other fine-tuning methods in the benchmark table are the better guide here.";
    }

    /// <summary>
    /// Which row memorized most and least, by the first memorization measure on which the rows differ: extracted
    /// prompts (fewer is less memorization), then own rank (higher is less; it does not follow quality), then AMD
    /// (higher is less, but it also follows quality). Rows that tie are said to tie, never ranked.
    /// </summary>
    private static void FromBenchmark(ReportPage page, BenchmarkResults benchmark)
    {
        var measures = new (string Name, Func<BenchmarkRowResult, double?> Value, bool HigherMemorizesMore, string Format)[]
        {
            ("training captions extracted", row => row.Metrics.Extracted, true, "0"),
            ("own rank (how near a memorization prompt's samples are to their own training image rather than another; 0.5 = no nearer)", row => row.Metrics.OwnRank, false, "0.000"),
            ("AMD (distance of a generation to its closest training image)", row => row.Metrics.Amd, false, "0.0000"),
        };
        var told = new List<string>();
        foreach (var (name, value, higherMore, format) in measures)
        {
            var measured = benchmark.Rows.Where(row => value(row) is not null).ToList();
            if (measured.Count == 0)
            {
                continue;
            }

            var highest = measured.Max(row => value(row)!.Value);
            var lowest = measured.Min(row => value(row)!.Value);
            if (highest == lowest)
            {
                told.Add($"By {name} the rows do not differ: every row has {highest.ToString(format, CultureInfo.InvariantCulture)}.");
                continue;
            }

            var (most, least) = higherMore ? (highest, lowest) : (lowest, highest);
            told.Add($"By {name}, the row that memorized most was {Labels(measured, value, most)} ({most.ToString(format, CultureInfo.InvariantCulture)}); "
                + $"the least, {Labels(measured, value, least)} ({least.ToString(format, CultureInfo.InvariantCulture)}).");
            break;
        }

        page.Paragraph($"The benchmark compared {benchmark.Rows.Count} ways of fine-tuning. "
            + (told.Count == 0 ? "None measured memorization; see the table below. " : string.Join(" ", told) + " ")
            + "No single evaluated model was found (evaluate/metrics.json), so no prompts are listed.");
    }

    /// <summary>The rows at <paramref name="level"/>, joined ("Full FT and DiffFit" when two tie there).</summary>
    private static string Labels(IReadOnlyList<BenchmarkRowResult> rows, Func<BenchmarkRowResult, double?> value, double level)
    {
        var labels = rows.Where(row => value(row) == level).Select(row => row.Label).ToList();
        return labels.Count == 1 ? labels[0] : string.Join(", ", labels[..^1]) + " and " + labels[^1] + " (tied)";
    }

    private static string Prompts(double count) => count == 1 ? "1 prompt" : $"{count:0} prompts";

    private static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";
}
