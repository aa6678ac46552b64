using System.Text.RegularExpressions;

namespace MemControl.Peft;

/// <summary>
/// Selects module paths as peft's <c>check_target_module_exists</c> does: a regular expression must match the whole
/// path; a name list matches a path exactly or as a dotted suffix (<c>to_k</c> matches <c>...attn2.to_k</c>).
/// Excluded names win. Nothing matched is an error that names the patterns.
/// </summary>
public sealed class TargetModuleMatcher
{
    private readonly IReadOnlyList<string> names;
    private readonly Regex? pattern;
    private readonly IReadOnlyList<string> excluded;

    public TargetModuleMatcher(IReadOnlyList<string>? names = null, string? pattern = null, IReadOnlyList<string>? excluded = null)
    {
        this.names = names ?? [];
        this.pattern = pattern is null ? null : new Regex($"^(?:{pattern})$", RegexOptions.CultureInvariant);
        this.excluded = excluded ?? [];
    }

    /// <summary>Whether <paramref name="path"/> is a target.</summary>
    public bool Matches(string path)
    {
        if (excluded.Any(name => MatchesName(path, name)))
        {
            return false;
        }

        return (pattern is not null && pattern.IsMatch(path)) || names.Any(name => MatchesName(path, name));
    }

    /// <summary>The matching paths, in the given order; throws <see cref="ArgumentException"/> naming the patterns when none match.</summary>
    public IReadOnlyList<string> Select(IEnumerable<string> paths)
    {
        var selected = paths.Where(Matches).ToList();
        if (selected.Count == 0)
        {
            throw new ArgumentException(
                $"no module of the model matches the target modules [{string.Join(", ", names)}]" +
                (pattern is null ? "" : $" or the pattern '{pattern}'"));
        }

        return selected;
    }

    private static bool MatchesName(string path, string name) => path == name || path.EndsWith("." + name, StringComparison.Ordinal);
}
