using MemControl.Data;
using static TorchSharp.torch;

namespace MemControl.Metrics.Evaluation;

/// <summary>
/// The finding labels alignment can use: the label columns that every training and held-out item carries with values
/// "0" or "1" only (phantoms have 17; a manifest's extra columns count when they are 0/1 flags).
/// </summary>
public static class FindingLabels
{
    public static IReadOnlyList<string> Common(IImageCaptionDataset training, IImageCaptionDataset heldOut)
    {
        var items = training.Items.Concat(heldOut.Items).ToArray();
        if (items.Length == 0)
        {
            return [];
        }

        return items[0].Labels.Keys
            .Where(key => items.All(item => item.Labels.TryGetValue(key, out var value) && value is "0" or "1"))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary><c>[N, findings]</c> float32, 1 = present.</summary>
    public static Tensor Matrix(IReadOnlyList<DatasetItem> items, IReadOnlyList<string> findings)
    {
        var values = new float[items.Count * findings.Count];
        for (var i = 0; i < items.Count; i++)
        {
            for (var j = 0; j < findings.Count; j++)
            {
                values[(i * findings.Count) + j] = items[i].Labels[findings[j]] == "1" ? 1f : 0f;
            }
        }

        return tensor(values, [items.Count, findings.Count]);
    }
}
