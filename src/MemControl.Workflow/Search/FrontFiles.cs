using System.Globalization;
using System.Text;
using System.Text.Json;
using MemControl.Workflow.Reports;

namespace MemControl.Workflow.Search;

/// <summary>Writes a front's files into a search folder, all-or-nothing: front.csv, front.json and pareto.png.</summary>
public static class FrontFiles
{
    public static void Write(string folder, SearchFront front, string memorizationObjective)
    {
        var document = new FrontDocument(FrontDocument.CurrentVersion, memorizationObjective, "fd_resnet18", front.Front, front.Picked,
            front.All.Where(p => p.Vanilla).ToList(), front.All)
        {
            Tied = [.. front.Tied.Select(p => p.Trial)],
        };
        new ReportFiles()
            .AddText(SearchFiles.FrontCsv, Csv(front))
            .AddText(SearchFiles.FrontJson, JsonSerializer.Serialize(document, SearchJson.Options))
            .Add(SearchFiles.Plot, ParetoPlot.Png(front, memorizationObjective))
            .WriteTo(folder);
    }

    /// <summary>One row per front point: method, trial, both objectives, learning rate, bits, trainable values, picked.</summary>
    private static string Csv(SearchFront front)
    {
        var text = new StringBuilder("method,trial,memorization,fd,learning_rate,bits,trainable_count,vanilla,picked\n");
        foreach (var p in front.Front)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{p.Method},{p.Trial},{p.Memorization:R},{p.Fd:R},{p.LearningRate:R},{p.Bits},{p.TrainableCount},{(p.Vanilla ? 1 : 0)},{(p == front.Picked ? 1 : 0)}\n");
        }

        return text.ToString();
    }
}
