using System.Text.Json.Nodes;
using MemControl.Peft;
using MemControl.Peft.Masks;
using MemControl.Training;

namespace MemControl.Workflow.FineTuning;

/// <summary>
/// What train.json records of a fine-tuning run, for the <c>train</c> command and for each benchmark row alike: the
/// settings a re-run needs. Callers add what only they have (the command's mask file, checkpointing and resume; the benchmark's row id).
/// </summary>
public static class TrainDescription
{
    /// <summary>
    /// The run's settings. <paramref name="model"/> and <paramref name="data"/> are recorded as given (the caller decides
    /// whether to make paths absolute); the phantom count is recorded only when the data are the phantoms.
    /// </summary>
    public static JsonObject Of(
        string model, string data, int phantoms, PeftConfig config, LayerMask? mask, MitigationChoice mitigation, FineTuneOptions options, string device) => new()
    {
        ["model"] = model,
        ["data"] = data,
        ["phantoms"] = data == DataSources.Phantoms ? phantoms : null,
        ["method"] = config.Method,
        ["variant"] = config.Variant,
        ["mask"] = mask is null ? null : new JsonObject { ["space"] = MaskSpaces.Name(mask.Space), ["bits"] = mask.ToString() },
        ["learning_rate"] = options.LearningRate,
        ["steps"] = options.Steps,
        ["batch_size"] = options.BatchSize,
        ["seed"] = options.Seed,
        ["mitigation"] = mitigation.ToString(),
        ["resolution"] = options.Resolution,
        ["gradient_checkpointing"] = options.GradientCheckpointing,
        ["grad_accum"] = options.GradientAccumulationSteps,
        ["mixed_precision"] = options.MixedPrecision.ToString(),
        ["cache_latents"] = options.LatentCache is not null,
        ["device"] = device,
    };
}
