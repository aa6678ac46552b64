using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MemControl.Peft.Adapters;
using MemControl.Training;
using MemControl.Workflow.Reports;

namespace MemControl.Workflow.FineTuning;

/// <summary>
/// The files a <c>train</c> run leaves beside its adapter: <c>losses.csv</c> (step,loss), <c>loss.png</c> and
/// <c>train.json</c> (what was asked and what happened), written all-or-nothing by <see cref="ReportFiles"/>.
/// </summary>
public static class TrainReport
{
    public const string LossesFile = "losses.csv";
    public const string PlotFile = "loss.png";
    public const string SummaryFile = "train.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// Deletes a finished run's files from <paramref name="folder"/>, <see cref="SummaryFile"/> (what marks it finished)
    /// first, then the adapter, losses and plot: a run started afresh there must not be taken for the old one.
    /// </summary>
    public static void Delete(string folder)
    {
        foreach (var name in new[] { SummaryFile, AdapterFiles.Tensors, AdapterFiles.Description, LossesFile, PlotFile })
        {
            File.Delete(Path.Combine(folder, name));
        }
    }

    public static IReadOnlyList<string> Write(string folder, JsonObject options, FineTuneResult result, long trainableCount, string identity, int trainingImages)
    {
        var csv = new StringBuilder("step,loss\n");
        for (var i = 0; i < result.Losses.Count; i++)
        {
            // An emptied step (threshold mitigation) has no loss: an empty cell, not "NaN", so spreadsheets read it.
            var loss = result.Losses[i];
            csv.Append(CultureInfo.InvariantCulture, $"{i + 1},{(double.IsFinite(loss) ? loss.ToString("R", CultureInfo.InvariantCulture) : "")}\n");
        }

        var finalLoss = result.Losses.LastOrDefault(double.IsFinite, double.NaN);
        var summary = new JsonObject
        {
            ["options"] = options,
            ["base_model_identity"] = identity,
            ["trainable_count"] = trainableCount,
            ["training_images"] = trainingImages,
            ["steps"] = result.Steps,
            ["resumed_from_step"] = result.ResumedFromStep,
            ["final_loss"] = double.IsFinite(finalLoss) ? finalLoss : null,
            ["emptied_batches"] = result.EmptiedBatches,
            ["dropped_samples"] = result.DroppedSamples,
            ["skipped_images"] = new JsonArray(result.SkippedImages.Select(s => (JsonNode)s).ToArray()),
            ["seconds"] = Math.Round(result.Seconds, 3),
        };

        return new ReportFiles()
            .AddText(LossesFile, csv.ToString())
            .Add(PlotFile, LossPlot.Png(result.Losses, $"training loss ({options["method"]}, {result.Steps} steps)"))
            .AddText(SummaryFile, summary.ToJsonString(Indented) + "\n")
            .WriteTo(folder);
    }
}
