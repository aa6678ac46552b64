using System.Text.Json;
using MemControl.Tests.Cli.Train;

namespace MemControl.Tests.Cli.Search;

/// <summary>`--method all`: one study per method and their merged global front.</summary>
public sealed class SearchAllMethodsTests
{
    [Fact]
    public void Method_all_searches_three_studies_and_merges_their_fronts()
    {
        // Given
        using var data = new TinySearch();
        var runFolder = data.NewRunFolder();

        // When: one (vanilla) trial per method.
        var (exitCode, printed) = TrainRun.Cli(data.Arguments(runFolder, method: "all", trials: 1));

        // Then
        Assert.True(exitCode == 0, printed);
        var folder = Path.Combine(runFolder, "search");
        foreach (var method in new[] { "svdiff", "difffit", "attention" })
        {
            Assert.True(File.Exists(Path.Combine(folder, method, "front.json")), $"{method}/front.json missing");
            Assert.True(File.Exists(Path.Combine(folder, method, "trials", "0", "metrics.json")), $"{method}/trials/0 missing");
        }

        using var global = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "front.json")));
        var methods = global.RootElement.GetProperty("trials").EnumerateArray().Select(t => t.GetProperty("method").GetString()).ToHashSet();
        Assert.Equal(["attention", "difffit", "svdiff"], methods.Order());
        var picked = global.RootElement.GetProperty("picked");
        var pickedTrial = Path.Combine(folder, picked.GetProperty("method").GetString()!, "trials", picked.GetProperty("trial").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(File.ReadAllText(Path.Combine(pickedTrial, "mask.json")), File.ReadAllText(Path.Combine(folder, "mask.json")));
    }
}
