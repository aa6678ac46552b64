using MemControl.Cli;
using MemControl.Metrics.Features;
using Spectre.Console.Testing;

namespace MemControl.Tests.Cli.Audit;

/// <summary>Bad input gives one line naming the file, a non-zero exit code and no output folder.</summary>
public sealed class AuditBadInputTests(AuditData data) : IClassFixture<AuditData>
{
    [Fact]
    public void A_missing_manifest_is_named_and_nothing_is_written()
    {
        // Given
        var manifest = Path.Combine(data.Root, "no-such-manifest.csv");

        // When
        var (exitCode, output, folder) = Audit("--train", manifest, "--generated", data.Generated);

        // Then
        AssertRefused(exitCode, output, folder, manifest);
    }

    [Fact]
    public void A_missing_generated_folder_is_named()
    {
        // Given
        var generated = Path.Combine(data.Root, "no-such-folder");

        // When
        var (exitCode, output, folder) = Audit("--train", data.Manifest, "--generated", generated);

        // Then
        AssertRefused(exitCode, output, folder, generated);
    }

    [Fact]
    public void A_folder_without_images_is_refused()
    {
        // Given
        var empty = data.NewFolder("empty");
        Directory.CreateDirectory(empty);
        File.WriteAllText(Path.Combine(empty, "notes.txt"), "not an image");

        // When
        var (exitCode, output, folder) = Audit("--train", data.Manifest, "--generated", empty);

        // Then
        AssertRefused(exitCode, output, folder, empty);
        Assert.Contains("no .png or .jpg images", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_prompts_file_naming_an_unknown_image_is_refused_with_its_line()
    {
        // Given
        var prompts = Path.Combine(data.NewFolder("prompts"), "prompts.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(prompts)!);
        File.WriteAllText(prompts, "file,prompt\ncopy.png,a\nghost.png,b\n");

        // When
        var (exitCode, output, folder) = Audit("--train", data.Manifest, "--generated", data.Generated, "--prompts", prompts);

        // Then
        AssertRefused(exitCode, output, folder, $"{prompts}:3");
        Assert.Contains("ghost.png", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_image_is_named_and_nothing_is_written()
    {
        // Given
        if (!ResNet18Featurizer.IsAvailable)
        {
            Assert.Skip($"ResNet-18 ONNX files absent ({ResNet18Featurizer.ModelPath}).");
        }

        var generated = data.NewFolder("broken");
        Directory.CreateDirectory(generated);
        var broken = Path.Combine(generated, "broken.png");
        File.WriteAllBytes(broken, [0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4]);

        // When
        var (exitCode, output, folder) = Audit("--train", data.Manifest, "--generated", generated);

        // Then
        AssertRefused(exitCode, output, folder, broken);
    }

    [Fact]
    public void A_missing_feature_model_is_named()
    {
        // Given
        var model = Path.Combine(data.Root, "no-such-model.onnx");

        // When
        var (exitCode, output, folder) = Audit("--train", data.Manifest, "--generated", data.Generated, "--feature-model", model);

        // Then
        AssertRefused(exitCode, output, folder, model);
    }

    private (int ExitCode, string Output, string Folder) Audit(params string[] arguments)
    {
        var folder = data.NewFolder("out");
        var console = new TestConsole().Width(1000);
        var exitCode = MemControlApp.Run(["audit", .. arguments, "--out", folder], console);
        return (exitCode, console.Output, folder);
    }

    private static void AssertRefused(int exitCode, string output, string folder, string named)
    {
        Assert.NotEqual(0, exitCode);
        Assert.Contains(named, output, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", output, StringComparison.Ordinal); // no stack trace
        Assert.False(Directory.Exists(folder), $"{folder} was created");
    }
}
