using MemControl.Models.Loading;
using MemControl.Models.Pipelines;
using MemControl.Models.TextEncoders;
using MemControl.Models.Unets;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Training.Pretraining;

/// <summary>
/// Writes a recipe's pipeline folder with freshly initialised weights — tokenizer learned from a corpus, configs,
/// model_index.json — so the untrained model loads through the same strict loader as any checkpoint, and the trained
/// one is saved by overwriting the weights.
/// </summary>
public static class UntrainedPipeline
{
    public static StableDiffusion Create(PretrainRecipe recipe, IEnumerable<string> tokenizerCorpus, string directory, int seed)
    {
        Directory.CreateDirectory(directory);
        var merges = ClipBpeTrainer.LearnMerges(tokenizerCorpus, recipe.MaxMerges);
        var tokenizerDirectory = Path.Combine(directory, "tokenizer");
        var vocabularySize = ClipBpeTrainer.WriteFolder(merges, tokenizerDirectory);
        var tokenizer = ClipTokenizer.FromFolder(tokenizerDirectory);

        var textConfigJson = recipe.TextEncoderConfigJson(vocabularySize, tokenizer.BosTokenId, tokenizer.EosTokenId);
        AtomicFile.WriteText(Path.Combine(directory, "scheduler", "scheduler_config.json"), recipe.SchedulerConfigJson);
        AtomicFile.WriteText(Path.Combine(directory, DiffusersFolder.ModelIndexFileName), ModelIndexJson);

        // Same seed, same initial weights.
        manual_seed(seed);
        var unetConfig = UNet2DConditionConfig.FromJson(recipe.UnetConfigJson, $"{recipe.Name} UNet config");
        using (var unet = new UNet2DConditionModel(unetConfig))
        {
            CheckpointSaver.SaveComponent(unet, recipe.UnetConfigJson, Path.Combine(directory, "unet"));
        }

        Directory.CreateDirectory(Path.Combine(directory, "text_encoder"));
        AtomicFile.WriteText(Path.Combine(directory, "text_encoder", "config.json"), textConfigJson);
        using (var textEncoder = new ClipTextModel(ClipTextConfig.Load(Path.Combine(directory, "text_encoder", "config.json"))))
        {
            CheckpointSaver.SaveComponent(textEncoder, textConfigJson, Path.Combine(directory, "text_encoder"), CheckpointSaver.TransformersWeightsFileName);
        }

        return StableDiffusion.Load(directory);
    }

    /// <summary>Saves the (trained) UNet and text encoder of <paramref name="model"/> over the folder's weights.</summary>
    public static void SaveWeights(StableDiffusion model, string directory)
    {
        SafetensorsWriter.Write(Path.Combine(directory, "unet", CheckpointSaver.DiffusersWeightsFileName), model.Unet.state_dict());
        SafetensorsWriter.Write(Path.Combine(directory, "text_encoder", CheckpointSaver.TransformersWeightsFileName), model.TextEncoder.state_dict());
    }

    private const string ModelIndexJson = """
        {
          "_class_name": "StableDiffusionPipeline",
          "_diffusers_version": "0.30.0",
          "feature_extractor": [null, null],
          "requires_safety_checker": false,
          "safety_checker": [null, null],
          "scheduler": ["diffusers", "DDIMScheduler"],
          "text_encoder": ["transformers", "CLIPTextModel"],
          "tokenizer": ["transformers", "CLIPTokenizer"],
          "unet": ["diffusers", "UNet2DConditionModel"],
          "vae": [null, null]
        }
        """;
}
