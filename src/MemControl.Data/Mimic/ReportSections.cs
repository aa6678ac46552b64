using System.Text.RegularExpressions;

namespace MemControl.Data.Mimic;

/// <summary>
/// Splits a MIMIC-CXR free-text report into its sections. Reports are "FINAL REPORT" followed by upper-case headings
/// at the start of a line ("EXAMINATION:", "INDICATION:", "FINDINGS:", "IMPRESSION:" ...); a section runs to the next
/// heading. White space inside a section is collapsed to single spaces.
/// </summary>
public static partial class ReportSections
{
    public static IReadOnlyDictionary<string, string> Parse(string report)
    {
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        var matches = Heading().Matches(report);
        for (var m = 0; m < matches.Count; m++)
        {
            var start = matches[m].Index + matches[m].Length;
            var end = m + 1 < matches.Count ? matches[m + 1].Index : report.Length;
            var name = Spaces().Replace(matches[m].Groups["name"].Value.Trim(), " ");
            var text = Spaces().Replace(report[start..end], " ").Trim();
            if (text.Length > 0)
            {
                sections[name] = sections.TryGetValue(name, out var earlier) ? $"{earlier} {text}" : text;
            }
        }

        return sections;
    }

    /// <summary>The caption for a report: impression, findings, or both, each falling back to the other when absent.</summary>
    public static string? Caption(string report, MimicCaptionSection section)
    {
        var sections = Parse(report);
        sections.TryGetValue("FINDINGS", out var findings);
        sections.TryGetValue("IMPRESSION", out var impression);
        return section switch
        {
            MimicCaptionSection.Impression => impression ?? findings,
            MimicCaptionSection.Findings => findings ?? impression,
            MimicCaptionSection.FindingsAndImpression => findings is not null && impression is not null
                ? $"{findings} {impression}"
                : findings ?? impression,
            _ => throw new ArgumentOutOfRangeException(nameof(section), section, null),
        };
    }

    [GeneratedRegex(@"^[ \t]*(?<name>[A-Z][A-Z /&()-]{2,40}):", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
