namespace MemControl.Data.Splits;

/// <summary>
/// Splits by subject (docs/decisions.md §2: no subject in two splits). A split given by the source (a manifest's <c>split</c>
/// column, MIMIC's official CSV) is kept for its subject; the remaining subjects are sorted, shuffled with the seed
/// and dealt out: validation first, then test, the rest train.
/// </summary>
public static class SubjectSplitter
{
    /// <summary>The split of every item, in item order.</summary>
    public static DatasetSplit[] Assign(IReadOnlyList<DatasetItem> items, SplitOptions options)
    {
        options.Validate();
        var given = new Dictionary<string, (DatasetSplit Split, string Origin)>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (item.Split is not { } split)
            {
                continue;
            }

            if (given.TryGetValue(item.Subject, out var earlier) && earlier.Split != split)
            {
                throw new InvalidDataException(
                    $"{item.Origin}: subject '{item.Subject}' is in split '{DatasetSplitNames.ToName(split)}' here but in "
                    + $"'{DatasetSplitNames.ToName(earlier.Split)}' at {earlier.Origin}; a subject must stay in one split — fix the split column.");
            }

            given[item.Subject] = (split, item.Origin);
        }

        var open = items.Select(i => i.Subject).Where(s => !given.ContainsKey(s))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        new Random(options.Seed).Shuffle(open);

        var validationCount = options.ValidationSubjects ?? (int)Math.Round(open.Length * options.ValidationFraction);
        var testCount = options.TestSubjects ?? (int)Math.Round(open.Length * options.TestFraction);
        if (validationCount + testCount > open.Length)
        {
            throw new ArgumentException(
                $"{nameof(SplitOptions.ValidationSubjects)} + {nameof(SplitOptions.TestSubjects)}: is {validationCount + testCount}, but only {open.Length} subjects have no split yet");
        }

        var assigned = new Dictionary<string, DatasetSplit>(StringComparer.Ordinal);
        for (var i = 0; i < open.Length; i++)
        {
            assigned[open[i]] = i < validationCount ? DatasetSplit.Validation
                : i < validationCount + testCount ? DatasetSplit.Test
                : DatasetSplit.Train;
        }

        foreach (var (subject, entry) in given)
        {
            assigned[subject] = entry.Split;
        }

        return items.Select(i => assigned[i.Subject]).ToArray();
    }

    /// <summary>
    /// The items of one split as a view. An empty split is an error naming the dataset and what to change.
    /// </summary>
    public static DatasetView Select(IImageCaptionDataset dataset, DatasetSplit split, SplitOptions options)
    {
        var splits = Assign(dataset.Items, options);
        var indices = Enumerable.Range(0, splits.Length).Where(i => splits[i] == split).ToArray();
        if (indices.Length == 0)
        {
            var name = DatasetSplitNames.ToName(split);
            throw new InvalidDataException(
                $"{dataset.Name}: the '{name}' split is empty ({dataset.Items.Count} items, "
                + $"{dataset.Items.Select(i => i.Subject).Distinct(StringComparer.Ordinal).Count()} subjects); "
                + $"add '{name}' rows to the split column or give it a larger fraction of subjects.");
        }

        return new DatasetView(dataset, indices, $"{dataset.Name} [{DatasetSplitNames.ToName(split)}]");
    }
}
