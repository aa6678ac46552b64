namespace MemControl.Training.Pretraining;

/// <summary>
/// The architecture of a model pre-trained from scratch, as the JSON files of a diffusers pipeline folder: the UNet's
/// config.json, the text encoder's (given its vocabulary size, known once the tokenizer is learned), the scheduler's,
/// and how many BPE merges its tokenizer may learn.
/// </summary>
public sealed record PretrainRecipe(
    string Name,
    string UnetConfigJson,
    Func<int, int, int, string> TextEncoderConfigJson,
    string SchedulerConfigJson,
    int MaxMerges,
    string Description);
