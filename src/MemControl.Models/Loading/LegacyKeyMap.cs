using System.Text.RegularExpressions;

namespace MemControl.Models.Loading;

/// <summary>
/// The one table of old-versus-new key spellings in Stable Diffusion 1.x checkpoints (docs/checkpoint-format.md: old names are
/// mapped at load time here, never by renaming module fields). Each rule works in both directions, so a module with
/// either spelling loads a file with either spelling:
/// <list type="bullet">
/// <item>text encoder: transformers 4.x prefixes every CLIP key with <c>text_model.</c>; transformers 5 (and our
/// module) does not.</item>
/// <item>VAE mid-block attention: diffusers before 0.14 wrote <c>query</c>/<c>key</c>/<c>value</c>/<c>proj_attn</c>;
/// current diffusers writes <c>to_q</c>/<c>to_k</c>/<c>to_v</c>/<c>to_out.0</c> and renames on load (as diffusers'
/// <c>_convert_deprecated_attention_blocks</c> does). Some converted files hold those weights as 1×1 convolutions
/// [C, C, 1, 1]; they are reshaped to the Linear's [C, C] (and back when the module holds a 1×1 conv).</item>
/// <item>CLIP <c>embeddings.position_ids</c>: a constant buffer older transformers saved; ignored when the module has
/// none, as transformers' <c>_keys_to_ignore_on_load_unexpected</c> does.</item>
/// </list>
/// </summary>
public static partial class LegacyKeyMap
{
    /// <summary>The prefix transformers 4.x puts before every CLIP text-model key.</summary>
    public const string TextModelPrefix = "text_model.";

    private static readonly (string Old, string New)[] AttentionNames =
    [
        ("query", "to_q"),
        ("key", "to_k"),
        ("value", "to_v"),
        ("proj_attn", "to_out.0"),
    ];

    /// <summary>
    /// The module key that checkpoint key <paramref name="checkpointKey"/> fills: itself when the module has it, else
    /// its other spelling under the rules above when the module has that, else null.
    /// </summary>
    public static string? ModuleKeyFor(string checkpointKey, IReadOnlySet<string> moduleKeys)
    {
        foreach (var candidate in Spellings(checkpointKey))
        {
            if (moduleKeys.Contains(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// The pre-0.14 diffusers spelling of a VAE mid-block attention key (<c>to_q</c> → <c>query</c>, <c>to_out.0</c> →
    /// <c>proj_attn</c>, ...), as SD-1.5's published VAE file has it; any other key is returned unchanged.
    /// </summary>
    public static string OldAttentionSpelling(string key)
    {
        var match = MidBlockAttentionParameter().Match(key);
        if (!match.Success)
        {
            return key;
        }

        var name = match.Groups["name"].Value;
        var old = Array.Find(AttentionNames, pair => pair.New == name).Old;
        return old is null ? key : match.Groups["block"].Value + old + match.Groups["param"].Value;
    }

    /// <summary>True for checkpoint keys that are dropped silently when the module has no key for them.</summary>
    public static bool IsIgnorableWhenUnexpected(string checkpointKey) =>
        checkpointKey is "embeddings.position_ids" or TextModelPrefix + "embeddings.position_ids";

    /// <summary>
    /// True when a checkpoint tensor of <paramref name="checkpointShape"/> may be reshaped into module tensor
    /// <paramref name="moduleKey"/> of <paramref name="moduleShape"/>: only VAE mid-block attention projection weights
    /// stored as a 1×1 convolution [C, C, 1, 1] for a Linear [C, C], or the reverse.
    /// </summary>
    public static bool IsAllowedReshape(string moduleKey, IReadOnlyList<long> checkpointShape, IReadOnlyList<long> moduleShape)
    {
        if (!MidBlockAttentionWeight().IsMatch(moduleKey))
        {
            return false;
        }

        return IsConv1x1Of(checkpointShape, moduleShape) || IsConv1x1Of(moduleShape, checkpointShape);
    }

    private static bool IsConv1x1Of(IReadOnlyList<long> conv, IReadOnlyList<long> linear) =>
        conv.Count == 4 && linear.Count == 2 && conv[0] == linear[0] && conv[1] == linear[1] && conv[2] == 1 && conv[3] == 1;

    // Every spelling of a key, the key itself first: with and without the text-model prefix, and with the attention
    // names swapped old↔new.
    private static IEnumerable<string> Spellings(string key)
    {
        var prefixToggled = key.StartsWith(TextModelPrefix, StringComparison.Ordinal)
            ? key[TextModelPrefix.Length..]
            : TextModelPrefix + key;
        var attentionToggled = ToggleAttentionName(key);

        yield return key;
        yield return prefixToggled;
        if (attentionToggled is not null)
        {
            yield return attentionToggled;
        }
    }

    private static string? ToggleAttentionName(string key)
    {
        var match = MidBlockAttentionParameter().Match(key);
        if (!match.Success)
        {
            return null;
        }

        var name = match.Groups["name"].Value;
        foreach (var (oldName, newName) in AttentionNames)
        {
            var other = name == oldName ? newName : name == newName ? oldName : null;
            if (other is not null)
            {
                return match.Groups["block"].Value + other + match.Groups["param"].Value;
            }
        }

        return null;
    }

    [GeneratedRegex(@"^(?<block>(?:.*\.)?mid_block\.attentions\.\d+\.)(?<name>query|key|value|proj_attn|to_q|to_k|to_v|to_out\.0)(?<param>\.(?:weight|bias))$")]
    private static partial Regex MidBlockAttentionParameter();

    [GeneratedRegex(@"(?:^|\.)mid_block\.attentions\.\d+\.(?:to_q|to_k|to_v|to_out\.0|query|key|value|proj_attn)\.weight$")]
    private static partial Regex MidBlockAttentionWeight();
}
