using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using MemControl.Workflow.Pretraining;

namespace MemControl.Cli.Commands.Pretrain;

public sealed class PretrainSettings : CommandSettings
{
    public const string FashionMnist = MemControl.Workflow.Pretraining.PretrainRequest.FashionMnist;

    [CommandOption("--data <DATA>")]
    [Description("fashion-mnist (Debian's dataset-fashion-mnist, /usr/share/datasets/fashion-mnist) or a manifest CSV (its train split is used).")]
    public string Data { get; init; } = FashionMnist;

    [CommandOption("--config <NAME>")]
    [Description("The architecture: builtin-small (the embedded default).")]
    public string Config { get; init; } = "builtin-small";

    [CommandOption("--out <DIR>")]
    [Description("The model folder to write (a diffusers pipeline folder). Must not exist yet.")]
    public string? Out { get; init; }

    [CommandOption("--steps <N>")]
    [Description("Optimizer steps (default 800).")]
    public int Steps { get; init; } = 800;

    [CommandOption("--batch <N>")]
    [Description("Images per step (default 64).")]
    public int Batch { get; init; } = 64;

    [CommandOption("--lr <RATE>")]
    [Description("Adam learning rate after the warm-up (default 1e-3).")]
    public double LearningRate { get; init; } = 1e-3;

    [CommandOption("--seed <N>")]
    [Description("Seed of the initial weights, data order and noise (default 0).")]
    public int Seed { get; init; }

    [CommandOption("--threads <N>")]
    [Description("CPU threads for libtorch (default 1: on 2 vCPUs a second thread slows convolutions down).")]
    public int Threads { get; init; } = 1;

    [CommandOption("--fd-images <N>")]
    [Description("Generated and held-out images for the FD-ResNet18 check at the end; 0 skips it (default 500).")]
    public int FdImages { get; init; } = 500;

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Out))
        {
            return ValidationResult.Error("--out: the model folder to write is required");
        }

        if (Threads < 1)
        {
            return ValidationResult.Error($"--threads: must be at least 1, not {Threads}");
        }

        return FdImages < 0 ? ValidationResult.Error($"--fd-images: must not be negative, not {FdImages}") : ValidationResult.Success();
    }
}
