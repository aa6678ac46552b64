using System.Text.Json;
using System.Text.Json.Serialization;
using MemControl.Training.Pretraining;

namespace MemControl.Workflow.Pretraining;

/// <summary>pretrain.json, written into the model folder: how the model was made (the command that re-creates it) and how good it is.</summary>
public sealed record PretrainSummary(
    int Version,
    string Config,
    string Description,
    string Command,
    string Data,
    int TrainingImages,
    PretrainOptions Options,
    long UnetParameters,
    long TextEncoderParameters,
    int VocabularySize,
    double Seconds,
    double FinalLoss,
    IReadOnlyList<double> Losses,
    PretrainCheckResult Check)
{
    public const int CurrentVersion = 1;

    public const string FileName = "pretrain.json";

    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
