using MemControl.Models.Loading;
using MemControl.Peft;
using MemControl.Peft.Adapters;
using MemControl.Peft.DiffFit;
using MemControl.Tests.Cli.Train;
using MemControl.Workflow.BaseModels;

namespace MemControl.Tests.Cli.Export;

/// <summary><c>memcontrol export</c> on the built-in model: what it writes, and one line for what it refuses.</summary>
public sealed class ExportCommandTests : IDisposable
{
    private readonly string root = TrainRun.TemporaryFolder();

    [Fact]
    public void Exporting_a_builtin_adapter_writes_a_pipeline_folder_with_the_merged_unet()
    {
        // Given
        var adapter = SaveDiffFitAdapter();
        var output = Path.Combine(root, "exported");

        // When
        var (exitCode, printed) = TrainRun.Cli("export", "--model", "builtin", "--adapter", adapter, "--out", output);

        // Then
        Assert.True(exitCode == 0, printed);
        Assert.True(DiffusersFolder.IsPipeline(output));
        Assert.True(File.Exists(Path.Combine(output, "unet", CheckpointSaver.DiffusersWeightsFileName)));
        Assert.True(File.Exists(Path.Combine(output, "text_encoder", CheckpointSaver.TransformersWeightsFileName)));
    }

    [Fact]
    public void Asking_for_lora_weights_of_another_method_says_it_exports_merged_only()
    {
        // Given
        var adapter = SaveDiffFitAdapter();
        var output = Path.Combine(root, "exported");

        // When
        var (exitCode, printed) = TrainRun.Cli("export", "--model", "builtin", "--adapter", adapter, "--out", output, "--format", "lora");

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains("--format diffusers", printed, StringComparison.Ordinal);
        Assert.Contains("difffit", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Theory]
    [InlineData("--format", "onnx")]
    [InlineData("--dtype", "int8")]
    public void A_bad_format_or_dtype_is_one_line_naming_the_option(string option, string value)
    {
        // When
        var (exitCode, printed) = TrainRun.Cli("export", "--model", "builtin", "--adapter", root, "--out", Path.Combine(root, "x"), option, value);

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains(option, printed, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private string SaveDiffFitAdapter()
    {
        var (model, identity) = BaseModel.Load(BuiltinModel.Name);
        using var _ = model;
        var adapters = AdapterSet.Attach(model.Unet, new DiffFitConfig(), new PeftContext(identity));
        var folder = Path.Combine(root, "adapter");
        Directory.CreateDirectory(folder);
        adapters.Save(folder);
        return folder;
    }
}
