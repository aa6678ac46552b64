namespace MemControl.Data;

/// <summary>How splits are written in manifests: <c>train</c>, <c>validation</c>, <c>test</c> (MIMIC's <c>validate</c> and <c>val</c> also read).</summary>
public static class DatasetSplitNames
{
    public static string ToName(DatasetSplit split) => split switch
    {
        DatasetSplit.Train => "train",
        DatasetSplit.Validation => "validation",
        DatasetSplit.Test => "test",
        _ => throw new ArgumentOutOfRangeException(nameof(split), split, null),
    };

    public static bool TryParse(string text, out DatasetSplit split)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "train":
                split = DatasetSplit.Train;
                return true;
            case "validation" or "validate" or "val" or "valid":
                split = DatasetSplit.Validation;
                return true;
            case "test":
                split = DatasetSplit.Test;
                return true;
            default:
                split = default;
                return false;
        }
    }

    /// <summary>Parses a user-given split name (an option value), naming the option when it is unknown.</summary>
    public static DatasetSplit Parse(string text, string optionName) =>
        TryParse(text, out var split)
            ? split
            : throw new ArgumentException($"{optionName}: unknown split '{text}' (use train, validation or test)");
}
