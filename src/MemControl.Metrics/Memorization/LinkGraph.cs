namespace MemControl.Metrics.Memorization;

/// <summary>Group finding on a small undirected link graph (one prompt's generations, tens of nodes).</summary>
internal static class LinkGraph
{
    /// <summary>Members of the largest connected component (breadth-first search), smallest index first.</summary>
    public static IReadOnlyList<int> LargestComponent(bool[,] linked)
    {
        var count = linked.GetLength(0);
        var seen = new bool[count];
        List<int> largest = [];
        for (var start = 0; start < count; start++)
        {
            if (seen[start])
            {
                continue;
            }

            var component = new List<int>();
            var queue = new Queue<int>([start]);
            seen[start] = true;
            while (queue.TryDequeue(out var node))
            {
                component.Add(node);
                for (var other = 0; other < count; other++)
                {
                    if (linked[node, other] && !seen[other])
                    {
                        seen[other] = true;
                        queue.Enqueue(other);
                    }
                }
            }

            if (component.Count > largest.Count)
            {
                largest = component;
            }
        }

        largest.Sort();
        return largest;
    }

    /// <summary>Members of a maximum clique (Bron–Kerbosch with pivoting), smallest index first.</summary>
    public static IReadOnlyList<int> LargestClique(bool[,] linked)
    {
        var count = linked.GetLength(0);
        var best = new List<int>();
        Extend([], Enumerable.Range(0, count).ToHashSet(), [], linked, best);
        best.Sort();
        return best;
    }

    private static void Extend(List<int> clique, HashSet<int> candidates, HashSet<int> excluded, bool[,] linked, List<int> best)
    {
        if (candidates.Count == 0 && excluded.Count == 0)
        {
            if (clique.Count > best.Count)
            {
                best.Clear();
                best.AddRange(clique);
            }

            return;
        }

        if (clique.Count + candidates.Count <= best.Count)
        {
            return; // cannot beat the best clique found so far
        }

        // Pivot u with the most neighbours among the candidates: only u and its non-neighbours need branching.
        var pivot = candidates.Concat(excluded).MaxBy(u => candidates.Count(v => linked[u, v]));
        foreach (var node in candidates.Where(v => !linked[pivot, v]).ToList())
        {
            clique.Add(node);
            Extend(clique, candidates.Where(v => linked[node, v]).ToHashSet(), excluded.Where(v => linked[node, v]).ToHashSet(), linked, best);
            clique.RemoveAt(clique.Count - 1);
            candidates.Remove(node);
            excluded.Add(node);
        }
    }
}
