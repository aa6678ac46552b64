using MemControl.Workflow.Generation;

namespace MemControl.Tests.Workflow;

/// <summary><see cref="GenerateRunner"/> called from code (what <c>memcontrol generate</c> wraps).</summary>
public sealed class GenerateRunnerTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"memcontrol-generate-runner-{Guid.NewGuid():N}");

    [Fact]
    public void Two_prompts_of_two_images_give_a_grid_first_and_four_single_images_beside_it()
    {
        // Given
        var grid = Path.Combine(folder, "grid.png");
        var lines = new List<string>();

        // When
        var written = GenerateRunner.Run(
            new GenerateRequest { Model = "builtin", Prompts = ["chest x-ray", "normal chest"], Count = 2, Steps = 2, Output = grid },
            lines.Add,
            TestContext.Current.CancellationToken);

        // Then
        Assert.Equal(grid, written[0]);
        Assert.Equal(5, written.Count);
        Assert.All(written, path => Assert.Equal([0x89, 0x50, 0x4E, 0x47], File.ReadAllBytes(path)[..4]));
        Assert.Equal(["prompt 1/2: 2 image(s)", "prompt 2/2: 2 image(s)"], lines);
    }

    [Fact]
    public void A_missing_adapter_folder_is_named_by_the_request_property()
    {
        // When
        var error = Assert.Throws<DirectoryNotFoundException>(() => GenerateRunner.Run(
            new GenerateRequest { Model = "builtin", Adapter = Path.Combine(folder, "none"), Prompts = ["x"], Output = Path.Combine(folder, "g.png") },
            _ => { },
            TestContext.Current.CancellationToken));

        // Then
        Assert.StartsWith("Adapter: the folder ", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "g.png")));
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
