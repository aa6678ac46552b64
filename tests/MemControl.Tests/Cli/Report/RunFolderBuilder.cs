using System.Text.Json.Nodes;
using MemControl.Cli.Commands.Train;
using MemControl.Workflow.FineTuning;

namespace MemControl.Tests.Cli.Report;

/// <summary>Writes the parts of a run folder a report reads, one by one, so each test holds only the parts it needs.</summary>
internal sealed class RunFolderBuilder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"memcontrol-report-test-{Guid.NewGuid():N}");

    public RunFolderBuilder() => Directory.CreateDirectory(Path);

    public static byte[] Png() => LossPlot.Png([1.0, 0.5], "test picture");

    public RunFolderBuilder File(string relative, string text)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, text);
        return this;
    }

    public RunFolderBuilder Picture(string relative)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllBytes(full, Png());
        return this;
    }

    /// <summary>
    /// An evaluate/metrics.json as <c>evaluate</c> writes it, with one extracted memorization prompt, on data whose
    /// distinct training images are <paramref name="linkedShare"/> linked at the extraction threshold.
    /// </summary>
    public RunFolderBuilder Evaluation(string flaggedPrompt, double linkedShare = 0.1, bool copyingBelowNeighbours = true) => File("evaluate/metrics.json", new JsonObject
    {
        ["version"] = 1,
        ["model"] = "builtin",
        ["result"] = new JsonObject
        {
            ["quality"] = new JsonObject { ["feature_space"] = "ResNet18", ["frechet_distance"] = 12.5, ["average_minimum_distance"] = 0.031, ["mi_fid"] = 40.0 },
            ["replication"] = new JsonObject { ["rate"] = 0.25, ["baseline_rate"] = 0.05 },
            ["memorization"] = new JsonObject
            {
                ["prompts"] = 2, ["extracted"] = 1, ["extracted_matching_training"] = 1, ["prompts_with_copy"] = 1,
                ["training_share_linked_at_extraction_threshold"] = linkedShare, ["copying_threshold_below_training_neighbours"] = copyingBelowNeighbours,
            },
            ["memorization_prompts"] = new JsonArray
            {
                new JsonObject { ["prompt"] = flaggedPrompt, ["training_id"] = "p0001", ["extracted"] = true, ["extracted_matches_training"] = true, ["copied_share"] = 0.5 },
                new JsonObject { ["prompt"] = "clear lungs", ["training_id"] = "p0002", ["extracted"] = false, ["extracted_matches_training"] = false, ["copied_share"] = 0.0 },
            },
        },
    }.ToJsonString());

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
