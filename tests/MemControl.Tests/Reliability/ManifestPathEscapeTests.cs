using MemControl.Cli;
using MemControl.Data.Manifests;
using MemControl.Tests.Data.Support;
using Spectre.Console.Testing;

namespace MemControl.Tests.Reliability;

/// <summary>
/// A manifest's images stay inside the dataset folder: a symbolic link (the image itself, or a folder on its way) that
/// leads outside is refused like a ../ path, unless the user allows it explicitly (--allow-outside-paths).
/// </summary>
public sealed class ManifestPathEscapeTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("memcontrol-escape-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Dataset => Path.Combine(root, "dataset");

    private string Outside => Path.Combine(root, "outside");

    [Fact]
    public void An_image_that_is_a_link_to_a_file_outside_is_refused_unless_allowed()
    {
        // Given
        var manifest = WriteDataset(() => File.CreateSymbolicLink(Path.Combine(Dataset, "x.png"), Path.Combine(Outside, "secret.png")), "x.png");

        // When
        var refused = ManifestReader.Read(manifest);
        var allowed = ManifestReader.Read(manifest, new ManifestOptions { AllowPathsOutsideRoot = true });

        // Then
        var problem = Assert.Single(refused.Problems);
        Assert.Contains("symbolic link that leads outside the dataset folder", problem.Message, StringComparison.Ordinal);
        Assert.Contains("AllowPathsOutsideRoot", problem.Message, StringComparison.Ordinal);
        Assert.EndsWith("m.csv:2", problem.Location, StringComparison.Ordinal);
        Assert.Empty(refused.Items);
        Assert.Single(allowed.Items);
    }

    [Fact]
    public void An_image_in_a_linked_folder_outside_is_refused()
    {
        // Given: dataset/images → ../outside
        var manifest = WriteDataset(() => Directory.CreateSymbolicLink(Path.Combine(Dataset, "images"), Outside), "images/secret.png");

        // When
        var refused = ManifestReader.Read(manifest);

        // Then
        Assert.Contains("symbolic link that leads outside", Assert.Single(refused.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_that_stays_inside_the_dataset_is_accepted()
    {
        // Given: dataset/alias.png → dataset/real/a.png (relative link)
        var manifest = WriteDataset(() =>
        {
            Directory.CreateDirectory(Path.Combine(Dataset, "real"));
            TestImages.WriteGradient(Path.Combine(Dataset, "real", "a.png"));
            File.CreateSymbolicLink(Path.Combine(Dataset, "alias.png"), "real/a.png");
        }, "alias.png");

        // When
        var result = ManifestReader.Read(manifest);

        // Then
        Assert.Empty(result.Problems);
        Assert.Single(result.Items);
    }

    [Fact]
    public void Audit_refuses_a_training_manifest_whose_image_links_outside_with_one_line()
    {
        // Given
        var manifest = WriteDataset(() => File.CreateSymbolicLink(Path.Combine(Dataset, "x.png"), Path.Combine(Outside, "secret.png")), "x.png");
        var generated = Path.Combine(root, "generated");
        Directory.CreateDirectory(generated);
        TestImages.WriteGradient(Path.Combine(generated, "g.png"));
        var console = new TestConsole().Width(1000);

        // When
        var exitCode = MemControlApp.Run(["audit", "--train", manifest, "--generated", generated, "--out", Path.Combine(root, "out")], console);

        // Then
        Assert.Equal(UserErrors.BadInput, exitCode);
        Assert.Contains("--allow-outside-paths", console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", console.Output, StringComparison.Ordinal);
    }

    private string WriteDataset(Action link, string image)
    {
        Directory.CreateDirectory(Dataset);
        Directory.CreateDirectory(Outside);
        TestImages.WriteGradient(Path.Combine(Outside, "secret.png"));
        link();
        var manifest = Path.Combine(Dataset, "m.csv");
        File.WriteAllText(manifest, $"image,caption,subject\n{image},Normal chest,p1\n");
        return manifest;
    }
}
