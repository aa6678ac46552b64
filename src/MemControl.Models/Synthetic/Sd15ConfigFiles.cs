namespace MemControl.Models.Synthetic;

/// <summary>
/// The config files of an SD-1.5 pipeline folder as data. The full-size texts are those runwayml/stable-diffusion-v1-5
/// publishes (written by diffusers 0.6 and transformers 4.22; docs/models.md), with <c>scaling_factor</c> spelled out
/// (its default, 0.18215, which the published file leaves implicit). The tiny texts change only widths, depths and
/// sample sizes, so every code path (block types, head-count quirk, legacy <c>eos_token_id</c> 2) is the same.
/// </summary>
internal static class Sd15ConfigFiles
{
    public const string FullUnet = """
        {
          "_class_name": "UNet2DConditionModel",
          "_diffusers_version": "0.6.0",
          "act_fn": "silu",
          "attention_head_dim": 8,
          "block_out_channels": [320, 640, 1280, 1280],
          "center_input_sample": false,
          "cross_attention_dim": 768,
          "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
          "downsample_padding": 1,
          "flip_sin_to_cos": true,
          "freq_shift": 0,
          "in_channels": 4,
          "layers_per_block": 2,
          "mid_block_scale_factor": 1,
          "norm_eps": 1e-05,
          "norm_num_groups": 32,
          "out_channels": 4,
          "sample_size": 64,
          "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"]
        }
        """;

    public const string TinyUnet = """
        {
          "_class_name": "UNet2DConditionModel",
          "_diffusers_version": "0.6.0",
          "act_fn": "silu",
          "attention_head_dim": 8,
          "block_out_channels": [32, 32, 64, 64],
          "center_input_sample": false,
          "cross_attention_dim": 32,
          "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
          "downsample_padding": 1,
          "flip_sin_to_cos": true,
          "freq_shift": 0,
          "in_channels": 4,
          "layers_per_block": 2,
          "mid_block_scale_factor": 1,
          "norm_eps": 1e-05,
          "norm_num_groups": 32,
          "out_channels": 4,
          "sample_size": 8,
          "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"]
        }
        """;

    public const string FullVae = """
        {
          "_class_name": "AutoencoderKL",
          "_diffusers_version": "0.6.0",
          "act_fn": "silu",
          "block_out_channels": [128, 256, 512, 512],
          "down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D"],
          "in_channels": 3,
          "latent_channels": 4,
          "layers_per_block": 2,
          "norm_num_groups": 32,
          "out_channels": 3,
          "sample_size": 512,
          "scaling_factor": 0.18215,
          "up_block_types": ["UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D"]
        }
        """;

    public const string TinyVae = """
        {
          "_class_name": "AutoencoderKL",
          "_diffusers_version": "0.6.0",
          "act_fn": "silu",
          "block_out_channels": [32, 32, 32, 32],
          "down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D"],
          "in_channels": 3,
          "latent_channels": 4,
          "layers_per_block": 1,
          "norm_num_groups": 32,
          "out_channels": 3,
          "sample_size": 64,
          "scaling_factor": 0.18215,
          "up_block_types": ["UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D"]
        }
        """;

    public const string FullTextEncoder = """
        {
          "_name_or_path": "openai/clip-vit-large-patch14",
          "architectures": ["CLIPTextModel"],
          "attention_dropout": 0.0,
          "bos_token_id": 0,
          "dropout": 0.0,
          "eos_token_id": 2,
          "hidden_act": "quick_gelu",
          "hidden_size": 768,
          "initializer_factor": 1.0,
          "initializer_range": 0.02,
          "intermediate_size": 3072,
          "layer_norm_eps": 1e-05,
          "max_position_embeddings": 77,
          "model_type": "clip_text_model",
          "num_attention_heads": 12,
          "num_hidden_layers": 12,
          "pad_token_id": 1,
          "projection_dim": 768,
          "torch_dtype": "float32",
          "transformers_version": "4.22.0.dev0",
          "vocab_size": 49408
        }
        """;

    public const string TinyTextEncoder = """
        {
          "architectures": ["CLIPTextModel"],
          "attention_dropout": 0.0,
          "bos_token_id": 0,
          "dropout": 0.0,
          "eos_token_id": 2,
          "hidden_act": "quick_gelu",
          "hidden_size": 32,
          "initializer_factor": 1.0,
          "initializer_range": 0.02,
          "intermediate_size": 37,
          "layer_norm_eps": 1e-05,
          "max_position_embeddings": 77,
          "model_type": "clip_text_model",
          "num_attention_heads": 4,
          "num_hidden_layers": 2,
          "pad_token_id": 1,
          "projection_dim": 32,
          "torch_dtype": "float32",
          "transformers_version": "4.22.0.dev0",
          "vocab_size": 49408
        }
        """;

    public const string Scheduler = """
        {
          "_class_name": "PNDMScheduler",
          "_diffusers_version": "0.6.0",
          "beta_end": 0.012,
          "beta_schedule": "scaled_linear",
          "beta_start": 0.00085,
          "num_train_timesteps": 1000,
          "set_alpha_to_one": false,
          "skip_prk_steps": true,
          "steps_offset": 1,
          "trained_betas": null,
          "clip_sample": false
        }
        """;

    public const string ModelIndex = """
        {
          "_class_name": "StableDiffusionPipeline",
          "_diffusers_version": "0.6.0",
          "feature_extractor": [null, null],
          "requires_safety_checker": false,
          "safety_checker": [null, null],
          "scheduler": ["diffusers", "PNDMScheduler"],
          "text_encoder": ["transformers", "CLIPTextModel"],
          "tokenizer": ["transformers", "CLIPTokenizer"],
          "unet": ["diffusers", "UNet2DConditionModel"],
          "vae": ["diffusers", "AutoencoderKL"]
        }
        """;

    public const string TokenizerConfig = """
        {
          "add_prefix_space": false,
          "bos_token": {"__type": "AddedToken", "content": "<|startoftext|>", "lstrip": false, "normalized": true, "rstrip": false, "single_word": false},
          "do_lower_case": true,
          "eos_token": {"__type": "AddedToken", "content": "<|endoftext|>", "lstrip": false, "normalized": true, "rstrip": false, "single_word": false},
          "errors": "replace",
          "model_max_length": 77,
          "name_or_path": "openai/clip-vit-large-patch14",
          "pad_token": "<|endoftext|>",
          "special_tokens_map_file": "./special_tokens_map.json",
          "tokenizer_class": "CLIPTokenizer",
          "unk_token": {"__type": "AddedToken", "content": "<|endoftext|>", "lstrip": false, "normalized": true, "rstrip": false, "single_word": false}
        }
        """;

    public const string SpecialTokensMap = """
        {
          "bos_token": {"content": "<|startoftext|>", "lstrip": false, "normalized": true, "rstrip": false, "single_word": false},
          "eos_token": {"content": "<|endoftext|>", "lstrip": false, "normalized": true, "rstrip": false, "single_word": false},
          "pad_token": "<|endoftext|>",
          "unk_token": {"content": "<|endoftext|>", "lstrip": false, "normalized": true, "rstrip": false, "single_word": false}
        }
        """;
}
