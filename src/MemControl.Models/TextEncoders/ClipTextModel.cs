using MemControl.Models.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Models.TextEncoders;

/// <summary>
/// The CLIP text transformer that conditions Stable Diffusion (transformers' <c>CLIPTextModel</c>, without a projection).
/// Fields carry the checkpoint keys of transformers 5 (<c>embeddings.token_embedding.weight</c>,
/// <c>encoder.layers.0.self_attn.q_proj.weight</c>, <c>final_layer_norm.weight</c>); transformers 4.x checkpoints (SD-1.5's)
/// prefix every key with <c>text_model.</c>, which the loader strips.
/// </summary>
public sealed class ClipTextModel : nn.Module<Tensor, ClipTextModelOutput>
{
    /// <summary>The legacy <c>eos_token_id</c> of transformers 4.x configs, which selects the arg-max pooling rule.</summary>
    private const int LegacyEosTokenId = 2;

    private readonly ClipTextEmbeddings embeddings;
    private readonly ClipEncoder encoder;
    private readonly LayerNorm final_layer_norm;
    private readonly int eosTokenId;

    /// <summary>Builds the model with freshly initialised weights; load a checkpoint to use it.</summary>
    /// <exception cref="ArgumentException">The config cannot build a model (e.g. heads do not divide the width).</exception>
    public ClipTextModel(ClipTextConfig config) : base(nameof(ClipTextModel))
    {
        if (config.FindProblem() is { } problem)
        {
            throw new ArgumentException($"CLIP text config: '{problem.Key}' {problem.Message}", nameof(config));
        }

        Config = config;
        embeddings = new ClipTextEmbeddings(config);
        encoder = new ClipEncoder(config);
        final_layer_norm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        eosTokenId = config.EosTokenId;
        RegisterComponents();
    }

    /// <summary>The config the model was built from.</summary>
    public ClipTextConfig Config { get; }

    /// <summary>input_ids [B, T] (int64, T ≤ max_position_embeddings) → hidden states and pooled output.</summary>
    public override ClipTextModelOutput forward(Tensor input_ids)
    {
        using var scope = torch.NewDisposeScope();

        // 1. Token + position embeddings, 2. causal transformer layers, 3. final LayerNorm.
        var embedded = embeddings.call(input_ids);
        var (last, penultimate) = encoder.call(embedded);
        var lastHiddenState = final_layer_norm.call(last);

        // 4. Pool: the hidden state at each sequence's end-of-text token.
        var pooled = GatherPositions(lastHiddenState, EndOfTextPositions(input_ids));

        return new ClipTextModelOutput(
            lastHiddenState.MoveToOuterDisposeScope(),
            pooled.MoveToOuterDisposeScope(),
            penultimate.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// transformers' rule: legacy configs (eos_token_id == 2) take the position of the largest id, which is
    /// <c>&lt;|endoftext|&gt;</c> (49407) in CLIP's vocabulary; newer configs take the first position holding eos_token_id.
    /// </summary>
    private Tensor EndOfTextPositions(Tensor inputIds)
    {
        using var ids = inputIds.to(ScalarType.Int32);
        if (eosTokenId == LegacyEosTokenId)
        {
            return ids.argmax(-1);
        }

        using var eos = eosTokenId.ToScalar();
        using var isEnd = ids.eq(eos).to(ScalarType.Int32);
        return isEnd.argmax(-1);   // argmax returns the first maximal index
    }

    /// <summary>hidden [B, T, H], positions [B] → hidden[b, positions[b], :] as [B, H].</summary>
    private static Tensor GatherPositions(Tensor hidden, Tensor positions)
    {
        var index = positions.view(-1, 1, 1).expand(-1, 1, hidden.shape[2]);   // [B, 1, H]
        return hidden.gather(1, index).squeeze(1);
    }
}
