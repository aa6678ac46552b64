using System.Globalization;
using System.Text.Json.Nodes;
using MemControl.Data.Manifests;

namespace MemControl.Workflow.Reports;

/// <summary>The mask search: the front plot, the front table (picked point marked) and the picked mask.</summary>
public static class SearchSection
{
    public const int MaximumFrontRows = 40;

    /// <summary>
    /// A front.csv field as a table cell: decimals to 5 significant digits (the CSV keeps every digit), integers and
    /// bit strings such as 0100100 as written.
    /// </summary>
    public static HtmlCell Cell(string field)
    {
        if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return HtmlCell.Of(field);
        }

        return field.IndexOfAny(['.', 'e', 'E']) >= 0 ? HtmlCell.Number(value.ToString("G5", CultureInfo.InvariantCulture)) : HtmlCell.Number(field);
    }

    public static void Add(ReportPage page, RunFolder run, JsonNode? search)
    {
        page.Heading("Mask search (quality–memorization front)");
        var plot = run.Png(RunFiles.SearchPlot, "front plot");
        var front = run.Has(RunFiles.SearchFront) ? CsvParser.ParseFile(run.Full(RunFiles.SearchFront)) : null;
        if (front is null)
        {
            run.NoteMissing(RunFiles.SearchFront, "front table");
        }

        var mask = run.Json(RunFiles.SearchMask, "picked mask");
        if (plot is null && front is null && mask is null && search is null)
        {
            page.Paragraph("No search in this run folder (search/).", note: true);
            return;
        }

        page.Paragraph("Each point is one fine-tuning through a mask of layers; both axes are lower-is-better (memorization score, image quality as FD). The front holds the masks no other mask beats on both at once; the picked mask is the one trained and evaluated below.");
        if (plot is not null)
        {
            page.Image(plot, "search front: memorization score against FD of every trial, front highlighted", RunFiles.SearchPlot);
        }

        if (front is { Count: > 1 })
        {
            var header = front[0].Fields;
            var rows = front.Skip(1).Take(MaximumFrontRows)
                .Select(record => (IReadOnlyList<HtmlCell>)record.Fields.Select(Cell).ToList())
                .ToList();
            page.Table(header, rows);
            if (front.Count - 1 > MaximumFrontRows)
            {
                page.Paragraph($"… {front.Count - 1 - MaximumFrontRows} more rows in {RunFiles.SearchFront}.", note: true);
            }
        }

        // front.json is optional here (front.csv holds the table); only its tie list is read.
        var tied = run.Has(RunFiles.SearchFrontJson) ? JsonNode.Parse(File.ReadAllText(run.Full(RunFiles.SearchFrontJson)))?["tied"]?.AsArray() : null;
        if (tied is { Count: > 0 })
        {
            page.Paragraph($"The pick is a tie: trial{(tied.Count > 1 ? "s" : "")} {string.Join(", ", tied.Select(t => t?.ToString()))} score the same mean normalised objective as the picked trial, which was kept for its lower memorization score. "
                + "The front cannot choose between them (on a two-point front this always happens); more trials, or the objective's measured seed-to-seed spread (docs/search.md), say whether they differ at all.", note: true);
        }

        if (mask is not null)
        {
            page.Paragraph($"Picked mask: method {JsonPath.Text(mask, "method")}{(JsonPath.Text(mask, "variant") is { } v && v != "null" ? "/" + v : "")}, "
                + $"bits {JsonPath.Display(JsonPath.Get(mask, "bits"))} in space {JsonPath.Text(mask, "space")}, {JsonPath.Text(mask, "trainable_count")} trainable values, learning rate {(JsonPath.Number(mask, "learning_rate") is { } rate ? rate.ToString("G3", CultureInfo.InvariantCulture) : "not recorded")}.");
        }
    }
}
