using MemControl.Tests.Cli.Train;
using MemControl.Tests.Support;

namespace MemControl.Tests.Cli.Scale;

/// <summary>
/// The paper-scale options end to end on an SD-1.5-shaped folder (tiny widths, real layout and key names): bf16 frozen
/// weights, gradient checkpointing and accumulation at a chosen resolution through the VAE — the dtype path a GPU run
/// takes, exercised on the CPU.
/// </summary>
public sealed class ScaleOptionsTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"memcontrol-scale-test-{Guid.NewGuid():N}");

    private string Sd15Folder()
    {
        var folder = Path.Combine(root, "sd15-tiny");
        var (exitCode, printed) = TrainRun.Cli("write-sd15", "--tiny", "--dtype", "fp32", "--tokenizer", TestPaths.ClipTokenizerDir, "--out", folder);
        Assert.True(exitCode == 0, printed);
        return folder;
    }

    [Fact]
    public void A_bf16_checkpointed_accumulated_step_at_a_chosen_resolution_trains_on_an_SD15_shaped_folder()
    {
        // When
        var (exitCode, printed) = TrainRun.Cli("train", "--model", Sd15Folder(), "--data", "phantoms", "--phantoms", "8", "--method", "svdiff",
            "--steps", "1", "--batch", "1", "--grad-accum", "2", "--resolution", "32", "--gradient-checkpointing", "--mixed-precision", "bf16",
            "--out", Path.Combine(root, "train"));

        // Then
        Assert.True(exitCode == 0, printed);
        var recorded = File.ReadAllText(Path.Combine(root, "train", "train.json"));
        Assert.Contains("\"mixed_precision\": \"BFloat16\"", recorded, StringComparison.Ordinal);
        Assert.Contains("\"grad_accum\": 2", recorded, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--mixed-precision", "fp16", "--mixed-precision: Float16 needs a CUDA device")]
    [InlineData("--mixed-precision", "fp8", "--mixed-precision")]
    [InlineData("--grad-accum", "0", "--grad-accum")]
    [InlineData("--resolution", "36", "--resolution: 36 is not a multiple")]
    public void A_setting_the_machine_or_the_model_cannot_do_is_one_line_with_exit_code_2(string option, string value, string named)
    {
        // When
        var (exitCode, printed) = TrainRun.Cli("train", "--model", Sd15Folder(), "--data", "phantoms", "--phantoms", "4", "--method", "svdiff",
            "--steps", "1", "--batch", "1", option, value, "--out", Path.Combine(root, "train"));

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains(named, printed, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
