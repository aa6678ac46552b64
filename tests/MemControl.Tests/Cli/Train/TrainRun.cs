using MemControl.Cli;
using Spectre.Console.Testing;

namespace MemControl.Tests.Cli.Train;

/// <summary>Runs the CLI in-process, as a user would type it, and keeps what it printed.</summary>
internal static class TrainRun
{
    public static (int ExitCode, string Output) Cli(params string[] args)
    {
        var console = new TestConsole().Width(200);
        var exitCode = MemControlApp.Run(args, console);
        return (exitCode, console.Output);
    }

    /// <summary>
    /// Attention tuning on 6 phantoms, batch 2 (its GroupNorm-first backward once crashed libtorch; Transformer2DModel
    /// now feeds the norm a contiguous input).
    /// </summary>
    public static (int ExitCode, string Output) Train(string model, string output, int steps, params string[] extra) =>
        Cli([
            "train", "--model", model, "--data", "phantoms", "--phantoms", "6", "--method", "attention",
            "--batch", "2", "--steps", steps.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", output, .. extra,
        ]);

    public static string TemporaryFolder() =>
        Path.Combine(Path.GetTempPath(), $"memcontrol-train-test-{Guid.NewGuid():N}");
}
