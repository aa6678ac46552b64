using System.Text.Json;
using MemControl.Data.Phantoms;
using MemControl.Tests.Support;

namespace MemControl.Tests.Cli.Train;

/// <summary><c>train --data MANIFEST</c>: which rows a run trains on.</summary>
public sealed class TrainDataTests : IDisposable
{
    private readonly string folder = TrainRun.TemporaryFolder();

    [Fact]
    public void A_manifest_with_splits_trains_only_on_its_train_rows()
    {
        // Given: six phantoms written as files, four marked train and two test.
        using var model = ParityPipelineFolder.Create();
        var manifest = PhantomWriter.Write(PhantomDataset.Create(new PhantomOptions { Count = 6, Seed = 1 }), Path.Combine(folder, "data"), size: 16);
        var lines = File.ReadAllLines(manifest);
        File.WriteAllLines(manifest, [lines[0] + ",split", .. lines[1..].Select((line, i) => line + (i < 4 ? ",train" : ",test"))]);
        var run = Path.Combine(folder, "run");

        // When
        var (exitCode, printed) = TrainRun.Cli(
            "train", "--model", model.Path, "--data", manifest, "--method", "lora", "--batch", "2", "--steps", "1",
            "--mitigation", "rwa-official", "--out", run);

        // Then
        Assert.True(exitCode == 0, printed);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "train.json")));
        Assert.Equal(4, summary.RootElement.GetProperty("training_images").GetInt32());
        Assert.Equal("rwa-official", summary.RootElement.GetProperty("options").GetProperty("mitigation").GetString());
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
