using System.Text.Json.Nodes;
using MemControl.Cli.Reports;

namespace MemControl.Cli.Commands.Report;

/// <summary>"What was trained on what": the base model, data and training settings each part of the run recorded.</summary>
public static class DataSection
{
    public static void Add(ReportPage page, RunFolder run, JsonNode? train, JsonNode? search, Benchmark.BenchmarkResults? benchmark)
    {
        page.Heading("What was trained on what");
        var rows = new List<IReadOnlyList<HtmlCell>>();
        if (train is not null)
        {
            rows.Add(["train", JsonPath.Text(train, "options.model"), JsonPath.Text(train, "options.data"),
                $"{JsonPath.Text(train, "options.method")}, {JsonPath.Text(train, "steps")} steps, mitigation {JsonPath.Text(train, "options.mitigation")}, {JsonPath.Text(train, "training_images")} training images"]);
        }

        if (search is not null)
        {
            rows.Add(["search", JsonPath.Text(search, "settings.model"), JsonPath.Text(search, "settings.data"),
                $"status {JsonPath.Text(search, "status")}, objective {JsonPath.Text(search, "settings.objective") ?? JsonPath.Text(search, "settings.memorization_objective") ?? "—"}"]);
        }

        if (benchmark is not null)
        {
            rows.Add(["benchmark", benchmark.Model, benchmark.Data, $"{benchmark.Rows.Count} rows, {benchmark.Steps} steps of batch {benchmark.BatchSize}, seed {benchmark.Seed}"]);
        }

        if (rows.Count > 0)
        {
            page.Table(["part", "base model", "data", "settings"], rows);
        }
        else
        {
            page.Paragraph("No part of this run recorded its model and data (train/train.json, search/search.json, benchmark/results.json).", note: true);
        }

        var dataFolder = run.Full(RunFiles.Data);
        if (Directory.Exists(dataFolder))
        {
            var manifests = Directory.GetFiles(dataFolder, "*.csv", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
            if (manifests.Count > 0)
            {
                page.Table(["data file", "rows"], manifests
                    .Select(file => (IReadOnlyList<HtmlCell>)[Path.GetRelativePath(run.Path, file), HtmlCell.Number(Math.Max(0, File.ReadLines(file).Count() - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))])
                    .ToList());
            }
        }
        else
        {
            run.NoteMissing(RunFiles.Data, "the data the run used");
        }
    }
}
