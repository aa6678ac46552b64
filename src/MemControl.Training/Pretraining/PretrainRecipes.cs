using System.Globalization;

namespace MemControl.Training.Pretraining;

/// <summary>
/// The named model configurations <c>memcontrol pretrain --config</c> knows.
/// <c>builtin-small</c> is the embedded default (README "The built-in base model"): the SD-1.x classes at a size that trains in minutes on a
/// CPU, following the prototype in docs/prototype.md. Pixel space (no VAE): at 16×16 a VAE would only blur, and the
/// UNet, the text encoder, the tokenizer and the scheduler — everything MemControl acts on — stay the SD-1.x ones.
/// UNet levels 16×16 → 8×8 → 4×4 with channels 32/64/64; the 16×16 level has no attention (self-attention over 256
/// tokens cost 2.5× a whole step in the prototype), so text enters through the seven Transformer2DModel blocks at 8×8
/// and 4×4 — the seven bits of its mask space. Text encoder: CLIP with 64-wide states, one layer, 4 heads, 77 positions.
/// DDPM linear betas 1e-4 → 0.02 (a pixel model needs the schedule that ends near pure noise) with x₀ clipping.
/// </summary>
public static class PretrainRecipes
{
    public const string BuiltinSmallName = "builtin-small";

    public static PretrainRecipe BuiltinSmall { get; } = new(
        BuiltinSmallName,
        """
        {
          "_class_name": "UNet2DConditionModel",
          "sample_size": 16,
          "in_channels": 1,
          "out_channels": 1,
          "down_block_types": ["DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"],
          "up_block_types": ["CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"],
          "block_out_channels": [32, 64, 64],
          "layers_per_block": 1,
          "cross_attention_dim": 64,
          "attention_head_dim": 4,
          "norm_num_groups": 8,
          "act_fn": "silu",
          "mid_block_type": "UNetMidBlock2DCrossAttn"
        }
        """,
        (vocabularySize, bos, eos) => string.Create(CultureInfo.InvariantCulture, $$"""
        {
          "architectures": ["CLIPTextModel"],
          "model_type": "clip_text_model",
          "hidden_size": 64,
          "intermediate_size": 256,
          "num_hidden_layers": 1,
          "num_attention_heads": 4,
          "max_position_embeddings": 77,
          "vocab_size": {{vocabularySize}},
          "hidden_act": "quick_gelu",
          "layer_norm_eps": 1e-05,
          "bos_token_id": {{bos}},
          "eos_token_id": {{eos}},
          "pad_token_id": {{eos}},
          "projection_dim": 64
        }
        """),
        """
        {
          "_class_name": "DDIMScheduler",
          "num_train_timesteps": 1000,
          "beta_start": 0.0001,
          "beta_end": 0.02,
          "beta_schedule": "linear",
          "prediction_type": "epsilon",
          "clip_sample": true,
          "clip_sample_range": 1.0,
          "set_alpha_to_one": false,
          "steps_offset": 1,
          "timestep_spacing": "leading"
        }
        """,
        MaxMerges: 3000,
        "16×16 gray pixel-space SD-1.x-class model: UNet 32/64/64 (attention at 8×8 and 4×4), 1-layer 64-wide CLIP text encoder, own BPE vocabulary");

    public static IReadOnlyList<PretrainRecipe> All { get; } = [BuiltinSmall];

    public static PretrainRecipe ByName(string name) =>
        All.FirstOrDefault(recipe => recipe.Name == name)
        ?? throw new ArgumentException($"unknown configuration '{name}'; known: {string.Join(", ", All.Select(r => r.Name))}");
}
