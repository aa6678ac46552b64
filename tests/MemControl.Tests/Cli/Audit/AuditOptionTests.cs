using System.Text.Json;
using MemControl.Cli;
using MemControl.Metrics.Features;
using Spectre.Console.Testing;

namespace MemControl.Tests.Cli.Audit;

public sealed class AuditOptionTests(AuditData data) : IClassFixture<AuditData>
{
    [Fact]
    public void A_users_feature_model_and_a_fixed_threshold_are_used_and_named_in_the_report()
    {
        // Given: the packaged ResNet-18 file handed over as if it were a user's model (generic RGB/ImageNet contract).
        if (!ResNet18Featurizer.IsAvailable)
        {
            Assert.Skip($"ResNet-18 ONNX files absent ({ResNet18Featurizer.ModelPath}).");
        }

        var folder = data.NewFolder("options");
        var console = new TestConsole().Width(400);

        // When
        var exitCode = MemControlApp.Run(
            ["audit", "--train", data.Manifest, "--generated", data.Generated, "--out", folder,
             "--feature-model", ResNet18Featurizer.ModelPath, "--replication-threshold", "0.9", "--size", "32"], console);

        // Then
        Assert.True(exitCode == 0, console.Output);
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "audit.json"))).RootElement;
        Assert.Equal("ResNet18", json.GetProperty("featureSpace").GetString());
        Assert.Equal(32, json.GetProperty("pixelSize").GetInt32());
        var replication = json.GetProperty("replication");
        Assert.Equal(0.9, replication.GetProperty("threshold").GetDouble());
        Assert.Equal("fixed 0.9", replication.GetProperty("thresholdSource").GetString());
        Assert.False(json.TryGetProperty("duplicateGroups", out var groups) && groups.ValueKind != JsonValueKind.Null);
        var first = json.GetProperty("images")[0];
        Assert.Equal("copy.png", first.GetProperty("file").GetString());
        Assert.True(first.GetProperty("replicated").GetBoolean());
    }

    [Fact]
    public void A_replication_threshold_outside_the_cosine_range_is_refused_naming_the_option()
    {
        // Given
        var console = new TestConsole().Width(400);

        // When
        var exitCode = MemControlApp.Run(
            ["audit", "--train", data.Manifest, "--generated", data.Generated, "--out", data.NewFolder("x"), "--replication-threshold", "1.5"], console);

        // Then
        Assert.NotEqual(0, exitCode);
        Assert.Contains("--replication-threshold", console.Output, StringComparison.Ordinal);
    }
}
