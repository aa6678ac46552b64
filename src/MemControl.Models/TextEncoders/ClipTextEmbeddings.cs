using MemControl.Models.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Models.TextEncoders;

/// <summary>
/// Token embedding plus a learned absolute position embedding (transformers' <c>CLIPTextEmbeddings</c>).
/// Positions are 0..T-1 made on the fly; transformers 4.x also saved them as a <c>position_ids</c> buffer, which holds
/// nothing a loader needs.
/// </summary>
public sealed class ClipTextEmbeddings : nn.Module<Tensor, Tensor>
{
    private readonly Embedding token_embedding;
    private readonly Embedding position_embedding;
    private readonly int maxPositions;

    public ClipTextEmbeddings(ClipTextConfig config) : base(nameof(ClipTextEmbeddings))
    {
        token_embedding = nn.Embedding(config.VocabSize, config.HiddenSize);
        position_embedding = nn.Embedding(config.MaxPositionEmbeddings, config.HiddenSize);
        maxPositions = config.MaxPositionEmbeddings;
        RegisterComponents();
    }

    /// <summary>input_ids [B, T] (int64) → embeddings [B, T, H].</summary>
    public override Tensor forward(Tensor input_ids)
    {
        var length = input_ids.shape[^1];
        if (length > maxPositions)
        {
            throw new ArgumentException(
                $"input_ids has {length} positions but the text encoder's position embedding covers {maxPositions}",
                nameof(input_ids));
        }

        using var positions = TensorArithmetic.Range(length, ScalarType.Int64, input_ids.device);
        using var tokens = token_embedding.call(input_ids);       // [B, T, H]
        using var placed = position_embedding.call(positions);    // [T, H], broadcast over the batch
        return tokens.Plus(placed);
    }
}
