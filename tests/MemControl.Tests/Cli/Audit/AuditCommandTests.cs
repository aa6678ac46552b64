using System.Text.Json;
using MemControl.Cli;
using MemControl.Metrics.Features;
using Spectre.Console.Testing;

namespace MemControl.Tests.Cli.Audit;

/// <summary>End-to-end runs of <c>memcontrol audit</c> on <see cref="AuditData"/> (the real ResNet-18 ONNX).</summary>
public sealed class AuditCommandTests(AuditData data) : IClassFixture<AuditData>
{
    [Fact]
    public void An_exact_copy_of_a_training_image_is_reported_first_at_distance_zero()
    {
        // Given
        var folder = RunAudit();

        // When
        var first = ReadJson(folder).GetProperty("images")[0];

        // Then
        Assert.Equal("copy.png", first.GetProperty("file").GetString());
        Assert.Equal(data.CopiedTrainingId, first.GetProperty("nearestTrainingId").GetString());
        Assert.InRange(first.GetProperty("featureDistance").GetDouble(), 0, 1e-4);
        Assert.InRange(first.GetProperty("pixelRms").GetDouble(), 0, 1e-3);
        Assert.Equal(data.CopiedTrainingId, first.GetProperty("pixelNearestTrainingId").GetString());
    }

    [Fact]
    public void Audit_json_lists_every_generated_image_once()
    {
        // Given
        var folder = RunAudit();

        // When
        var json = ReadJson(folder);
        var files = json.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("file").GetString()).ToArray();

        // Then
        Assert.Equal(data.GeneratedFiles.Order(StringComparer.Ordinal), files.Order(StringComparer.Ordinal));
        Assert.Equal(6, json.GetProperty("trainingImages").GetInt32());
        var replication = json.GetProperty("replication");
        Assert.Contains("quantile 0.95", replication.GetProperty("thresholdSource").GetString(), StringComparison.Ordinal);
        Assert.True(replication.TryGetProperty("rateAtSscdThreshold", out _));
    }

    [Fact]
    public void The_report_folder_holds_the_four_outputs_and_nothing_else()
    {
        // Given
        var folder = RunAudit();

        // When
        var names = Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();

        // Then
        Assert.Equal(["audit.html", "audit.json", "audit.md", "gallery.png"], names);
        var png = File.ReadAllBytes(Path.Combine(folder, "gallery.png"));
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], png[..4]);
    }

    [Fact]
    public void A_malicious_file_name_and_prompt_stay_text_in_the_html_page()
    {
        // Given
        var folder = RunAudit();

        // When
        var html = File.ReadAllText(Path.Combine(folder, "audit.html"));

        // Then
        Assert.DoesNotContain(AuditData.MaliciousPrompt, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;.png", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Generations_sharing_a_prompt_are_checked_for_duplicate_groups()
    {
        // Given
        var folder = RunAudit();

        // When
        var groups = ReadJson(folder).GetProperty("duplicateGroups");

        // Then: only the prompt with two generations is attacked; two distinct phantoms are no extracted group.
        var group = Assert.Single(groups.EnumerateArray());
        Assert.Equal(AuditData.MaliciousPrompt, group.GetProperty("prompt").GetString());
        Assert.Equal(2, group.GetProperty("generations").GetInt32());
        Assert.False(group.GetProperty("extracted").GetBoolean());
    }

    private string RunAudit()
    {
        if (!ResNet18Featurizer.IsAvailable)
        {
            Assert.Skip($"ResNet-18 ONNX files absent ({ResNet18Featurizer.ModelPath}); build MemControl.Metrics to download them.");
        }

        var (exitCode, output, folder) = data.AuditOnce();
        Assert.True(exitCode == 0, output);
        return folder;
    }

    private static JsonElement ReadJson(string folder) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "audit.json"))).RootElement;
}
