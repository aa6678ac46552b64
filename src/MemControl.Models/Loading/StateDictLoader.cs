using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.Loading;

/// <summary>
/// Loads named tensors into a TorchSharp module by its <c>state_dict()</c> keys (which are diffusers' checkpoint keys,
/// because model fields carry those names). Names and shapes are checked for every tensor before any is read, so a
/// strict load either fills the whole module or leaves it untouched and throws an <see cref="InvalidDataException"/>
/// whose inner <see cref="CheckpointMismatchException"/> holds the lists.
/// Values are cast to each parameter's dtype (fp16/bf16 files into fp32 modules and back) and copied in place under
/// no_grad, so <c>requires_grad</c> and the parameter objects (and optimizer or hook references to them) are kept.
/// </summary>
public static class StateDictLoader
{
    /// <summary>Loads the safetensors file at <paramref name="path"/> into <paramref name="module"/>.</summary>
    public static StateDictLoadResult Load(nn.Module module, string path, bool strict = true)
    {
        using var file = SafetensorsFile.Open(path);
        return Load(module, file, strict);
    }

    /// <summary>Loads in-memory <paramref name="tensors"/> into <paramref name="module"/>.</summary>
    public static StateDictLoadResult Load(nn.Module module, IReadOnlyDictionary<string, Tensor> tensors, bool strict = true) =>
        Load(module, new TensorDictionarySource(tensors), strict);

    /// <summary>
    /// Loads <paramref name="source"/> into <paramref name="module"/>. Strict (the default): any missing key,
    /// unexpected key or shape mismatch throws before anything is copied. Not strict: loads what fits and returns the lists.
    /// </summary>
    public static StateDictLoadResult Load(nn.Module module, ITensorSource source, bool strict = true)
    {
        var moduleTensors = module.state_dict();
        var (plan, result) = Plan(moduleTensors, source);
        if (strict && !result.IsExactMatch)
        {
            throw new CheckpointMismatchException(source.Description, result).AsInvalidData();
        }

        using (no_grad())
        {
            foreach (var (checkpointKey, moduleKey) in plan)
            {
                var target = moduleTensors[moduleKey];
                using var stored = source.Read(checkpointKey);
                using var shaped = stored.reshape(target.shape);
                target.copy_(shaped);
            }
        }

        return result;
    }

    /// <summary>
    /// Compares names and shapes of <paramref name="source"/> with <paramref name="module"/>'s state dict, reading no
    /// tensor and changing nothing: what a non-strict load would report (e.g. to check a model's keys against a real
    /// checkpoint's header).
    /// </summary>
    public static StateDictLoadResult Compare(nn.Module module, ITensorSource source) => Plan(module.state_dict(), source).Result;

    private static (List<(string CheckpointKey, string ModuleKey)> Plan, StateDictLoadResult Result) Plan(
        Dictionary<string, Tensor> moduleTensors, ITensorSource source)
    {
        var moduleKeys = new HashSet<string>(moduleTensors.Keys, StringComparer.Ordinal);
        var filled = new HashSet<string>(StringComparer.Ordinal);
        var plan = new List<(string, string)>();
        var unexpected = new List<string>();
        var mismatches = new List<ShapeMismatch>();

        // Exact names first, so a file holding both spellings of one key fills it from the exact one.
        var ordered = source.Keys.OrderBy(key => moduleKeys.Contains(key) ? 0 : 1);
        foreach (var checkpointKey in ordered)
        {
            var moduleKey = LegacyKeyMap.ModuleKeyFor(checkpointKey, moduleKeys);
            if (moduleKey is null || !filled.Add(moduleKey))
            {
                if (!LegacyKeyMap.IsIgnorableWhenUnexpected(checkpointKey))
                {
                    unexpected.Add(checkpointKey);
                }

                continue;
            }

            var checkpointShape = source.ShapeOf(checkpointKey);
            var moduleShape = moduleTensors[moduleKey].shape;
            if (checkpointShape.SequenceEqual(moduleShape) || LegacyKeyMap.IsAllowedReshape(moduleKey, checkpointShape, moduleShape))
            {
                plan.Add((checkpointKey, moduleKey));
            }
            else
            {
                mismatches.Add(new ShapeMismatch(moduleKey, checkpointShape, moduleShape));
            }
        }

        var missing = moduleTensors.Keys.Where(key => !filled.Contains(key)).ToList();
        var loaded = plan.Select(p => p.Item2).ToList();
        return (plan, new StateDictLoadResult(missing, unexpected, mismatches, loaded));
    }
}
