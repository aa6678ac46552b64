using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MemControl.Data.Manifests;

namespace MemControl.Workflow.Reports;

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
            rows.Add(["benchmark", benchmark.Model, benchmark.Data, $"{benchmark.Rows.Count} rows, {benchmark.Steps} steps of batch {benchmark.BatchSize}, "
                + (benchmark.Seeds is { Count: > 1 } seeds ? $"seeds {string.Join(", ", seeds)}" : $"seed {benchmark.Seed}")]);
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
                    .Select(file => (IReadOnlyList<HtmlCell>)[Path.GetRelativePath(run.Path, file), HtmlCell.Number(RowCount(file))])
                    .ToList());
            }
        }
        else
        {
            run.NoteMissing(RunFiles.Data, "the data the run used");
        }
    }

    /// <summary>
    /// A manifest's data rows (parsed, so a quoted caption spanning lines counts once), and with a <c>repeats</c>
    /// column (the demo's training.csv) the items they stand for: "400 (516 with repeats)".
    /// </summary>
    public static string RowCount(string file)
    {
        IReadOnlyList<CsvRecord> records;
        try
        {
            records = CsvParser.ParseFile(file);
        }
        catch (Exception error) when (error is InvalidDataException or IOException or DecoderFallbackException)
        {
            // Any CSV a user left in data/ is listed; one the parser refuses is counted by lines rather than failing the report.
            return Math.Max(0, File.ReadLines(file).Count() - 1).ToString(CultureInfo.InvariantCulture);
        }

        var rows = Math.Max(0, records.Count - 1);
        var repeats = records.Count > 0 ? records[0].Fields.ToList().IndexOf("repeats") : -1;
        if (repeats < 0)
        {
            return rows.ToString(CultureInfo.InvariantCulture);
        }

        var items = records.Skip(1).Sum(record => repeats < record.Fields.Count && int.TryParse(record.Fields[repeats], NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) ? r : 1);
        return items == rows ? rows.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{rows} ({items} with repeats)");
    }
}
