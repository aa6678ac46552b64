using MemControl.Data.Augmentation;

namespace MemControl.Data.Memorization;

/// <summary>Chooses the memorization set and D_HPO from a training split (paper §4.1, docs/decisions.md §2).</summary>
public static class MemorizationSetBuilder
{
    /// <summary>
    /// Picks N pairs by the chosen heuristic and adds round(fraction × remaining) other training items.
    /// Longest-captions keeps distinct captions only: two images under one prompt could not both be reproduced from
    /// it, so a repeated caption would blur which image counts as memorized. Ties are broken by item id, so the
    /// choice does not depend on row order.
    /// </summary>
    public static MemorizationSet Build(IImageCaptionDataset training, MemorizationSetOptions options, ICaptionTokenCounter tokenCounter)
    {
        options.Validate();
        var items = training.Items;
        if (items.Count < options.Count && options.Selection != MemorizationSelection.GivenIds)
        {
            throw new ArgumentException(
                $"{nameof(MemorizationSetOptions.Count)}: is {options.Count} but the training split of {training.Name} has only {items.Count} items");
        }

        var chosen = options.Selection switch
        {
            MemorizationSelection.LongestCaptions => ChooseLongest(items, options.Count, tokenCounter, training.Name),
            MemorizationSelection.LongestDiverseCaptions =>
                ChooseLongestDiverse(items, options.Count, options.DuplicateSimilarity, tokenCounter, training.Name),
            MemorizationSelection.Random => ChooseRandom(items.Count, options.Count, new Random(options.Seed)),
            MemorizationSelection.GivenIds => ChooseById(items, options.Ids, training.Name),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Selection, null),
        };

        var chosenSet = chosen.ToHashSet();
        var others = Enumerable.Range(0, items.Count).Where(i => !chosenSet.Contains(i)).ToArray();
        var extraCount = (int)Math.Round(others.Length * options.HpoFraction);

        // A separate stream from the selection's, so changing the selection does not change which extras are drawn.
        new Random(unchecked((options.Seed * 1_000_003) ^ 0x5EED)).Shuffle(others);
        var extras = others.Take(extraCount).Order().ToArray();
        return new MemorizationSet(training, chosen, extras, options.Repeats);
    }

    private static int[] ChooseLongest(IReadOnlyList<DatasetItem> items, int count, ICaptionTokenCounter counter, string name)
    {
        var ranked = Enumerable.Range(0, items.Count)
            .Select(i => (Index: i, Tokens: counter.CountTokens(items[i].Caption)))
            .OrderByDescending(x => x.Tokens)
            .ThenBy(x => items[x.Index].Id, StringComparer.Ordinal);
        var captions = new HashSet<string>(StringComparer.Ordinal);
        var chosen = new List<int>(count);
        foreach (var (index, _) in ranked)
        {
            if (captions.Add(items[index].Caption))
            {
                chosen.Add(index);
                if (chosen.Count == count)
                {
                    return [.. chosen];
                }
            }
        }

        throw new ArgumentException(
            $"{nameof(MemorizationSetOptions.Count)}: is {count} but the training split of {name} has only {chosen.Count} distinct captions");
    }

    // Greedy: walk the captions longest first (ties by id) and keep one unless it is a near-duplicate of a kept one.
    // Deterministic, and with similarity 1 it keeps every caption whose word set is new.
    private static int[] ChooseLongestDiverse(IReadOnlyList<DatasetItem> items, int count, double duplicateSimilarity,
        ICaptionTokenCounter counter, string name)
    {
        var ranked = Enumerable.Range(0, items.Count)
            .Select(i => (Index: i, Tokens: counter.CountTokens(items[i].Caption)))
            .OrderByDescending(x => x.Tokens)
            .ThenBy(x => items[x.Index].Id, StringComparer.Ordinal);
        var chosenWords = new List<HashSet<string>>(count);
        var chosen = new List<int>(count);
        foreach (var (index, _) in ranked)
        {
            var words = CaptionSimilarity.WordSet(items[index].Caption);
            if (chosenWords.Any(kept => CaptionSimilarity.Jaccard(kept, words) >= duplicateSimilarity))
            {
                continue;
            }

            chosenWords.Add(words);
            chosen.Add(index);
            if (chosen.Count == count)
            {
                return [.. chosen];
            }
        }

        throw new ArgumentException(
            $"MemorizationSetOptions.Count is {count} but the training split of {name} has only {chosen.Count} captions that are " +
            $"not near-duplicates of each other (word-set Jaccard below MemorizationSetOptions.DuplicateSimilarity = {duplicateSimilarity}); " +
            "lower the count or raise the similarity");
    }

    private static int[] ChooseRandom(int itemCount, int count, Random random)
    {
        var all = Enumerable.Range(0, itemCount).ToArray();
        random.Shuffle(all);
        return all[..count];
    }

    private static int[] ChooseById(IReadOnlyList<DatasetItem> items, IReadOnlyList<string> ids, string name)
    {
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            byId.TryAdd(items[i].Id, i);
        }

        var missing = ids.Where(id => !byId.ContainsKey(id)).ToArray();
        if (missing.Length > 0)
        {
            throw new ArgumentException(
                $"{nameof(MemorizationSetOptions.Ids)}: {missing.Length} id(s) are not in the training split of {name}: {string.Join(", ", missing.Take(5))}");
        }

        return ids.Distinct(StringComparer.Ordinal).Select(id => byId[id]).ToArray();
    }
}
