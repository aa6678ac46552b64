using System.Collections.Concurrent;
using System.Security.Cryptography;
using MemControl.Data.Images;

namespace MemControl.Data.Checking;

/// <summary>
/// Validates and summarises a dataset source: counts per split and subjects, caption length distribution,
/// near-empty captions, exact duplicate images (same bytes), unreadable or truncated images, and subjects that
/// appear in two splits (a leak between training and evaluation). Each problem names its file and line.
/// </summary>
public static class DataChecker
{
    private const string Unassigned = "(none)";

    public static DataCheckReport Check(DatasetReadResult source, DataCheckOptions? options = null)
    {
        options ??= new DataCheckOptions();
        var items = source.Items;
        var problems = new List<DataProblem>(source.Problems);

        var tokens = items.Select(i => options.TokenCounter.CountTokens(i.Caption)).ToArray();
        for (var i = 0; i < items.Count; i++)
        {
            if (tokens[i] <= options.NearEmptyTokens)
            {
                problems.Add(new DataProblem(items[i].Origin, $"the caption '{items[i].Caption}' is near-empty ({tokens[i]} tokens); write the report text.", false));
            }
        }

        problems.AddRange(SubjectLeaks(items));
        var duplicates = 0;
        if (options.DecodeImages)
        {
            var (imageProblems, duplicateCount) = CheckImages(items);
            problems.AddRange(imageProblems);
            duplicates = duplicateCount;
        }

        string SplitName(DatasetItem item) => item.Split is { } split ? DatasetSplitNames.ToName(split) : Unassigned;
        var itemsPerSplit = items.GroupBy(SplitName).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var subjectsPerSplit = items.GroupBy(SplitName).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(i => i.Subject).Distinct(StringComparer.Ordinal).Count(), StringComparer.Ordinal);

        return new DataCheckReport(
            source.Path,
            items.Count,
            itemsPerSplit,
            subjectsPerSplit,
            items.Select(i => i.Subject).Distinct(StringComparer.Ordinal).Count(),
            CaptionLengthSummary.From(tokens),
            duplicates,
            problems);
    }

    private static IEnumerable<DataProblem> SubjectLeaks(IReadOnlyList<DatasetItem> items)
    {
        var firstSeen = new Dictionary<string, DatasetItem>(StringComparer.Ordinal);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items.Where(i => i.Split is not null))
        {
            if (!firstSeen.TryGetValue(item.Subject, out var first))
            {
                firstSeen[item.Subject] = item;
            }
            else if (first.Split != item.Split && reported.Add(item.Subject))
            {
                yield return new DataProblem(item.Origin,
                    $"subject '{item.Subject}' is in split '{DatasetSplitNames.ToName(item.Split!.Value)}' here and in "
                    + $"'{DatasetSplitNames.ToName(first.Split!.Value)}' at {first.Origin}: a leak between splits; keep each subject in one split.", false);
            }
        }
    }

    private static (List<DataProblem> Problems, int Duplicates) CheckImages(IReadOnlyList<DatasetItem> items)
    {
        var problems = new ConcurrentBag<(int Index, DataProblem Problem)>();
        var hashes = new string?[items.Count];
        Parallel.For(0, items.Count, i =>
        {
            var path = items[i].ImagePath;
            if (path is null)
            {
                return;
            }

            if (File.Exists(path) && !RegularFile.Is(path))
            {
                problems.Add((i, new DataProblem(items[i].Origin, RegularFile.Problem(path), true)));
                return;
            }

            try
            {
                var bytes = File.ReadAllBytes(path);
                hashes[i] = Convert.ToHexString(SHA256.HashData(bytes));
                ImageDecoder.Decode(bytes, 16, path);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                problems.Add((i, new DataProblem(items[i].Origin, e.Message, true)));
            }
        });

        var ordered = problems.OrderBy(p => p.Index).Select(p => p.Problem).ToList();
        var duplicates = 0;
        var firstWithHash = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            if (hashes[i] is not { } hash)
            {
                continue;
            }

            if (firstWithHash.TryGetValue(hash, out var first))
            {
                duplicates++;
                ordered.Add(new DataProblem(items[i].Origin,
                    $"image '{items[i].ImagePath}' has the same bytes as '{items[first].ImagePath}' ({items[first].Origin}); an exact duplicate is memorized more easily — remove one.", false));
            }
            else
            {
                firstWithHash[hash] = i;
            }
        }

        return (ordered, duplicates);
    }
}
