using System.Diagnostics;
using System.Globalization;
using System.Text;
using MemControl.Data.Manifests;
using nietras.SeparatedValues;

namespace MemControl.Benchmarks;

/// <summary>
/// Reading a manifest of N rows (default 100,000; radiology-style captions, a third of them quoted with commas and
/// doubled quotes): our RFC 4180 parser (<see cref="CsvParser"/>) against Sep on the same bytes, and the whole
/// <see cref="ManifestReader"/> (parse, columns, path checks) on it. The best of N runs; the fields of both parsers are
/// compared, so a faster but different reading would show. Decides docs/dependencies.md §8.
/// </summary>
public sealed class ManifestBenchmark : IBenchmark
{
    public string Name => "manifest";

    public string Description => "manifest CSV read time: our parser vs Sep, and the whole ManifestReader (--rows 100000 --runs 5)";

    public object Run(IReadOnlyList<string> args)
    {
        var rows = IntOption(args, "--rows", 100_000);
        var runs = IntOption(args, "--runs", 5);
        var bytes = Manifest(rows);
        var folder = Path.Combine(Path.GetTempPath(), $"memcontrol-bench-manifest-{Environment.ProcessId}");

        var ours = Best(runs, () => CsvParser.Parse(bytes, "manifest.csv").Count);
        var sep = Best(runs, () => SepFields(bytes).Count);
        var reader = Best(runs, () => ManifestReader.Parse(bytes, Path.Combine(folder, "manifest.csv"), folder, new ManifestOptions()).Problems.Count);
        return new
        {
            benchmark = Name,
            rows,
            file_mb = Math.Round(bytes.Length / 1e6, 2),
            runs,
            ours_parse_ms = ours,
            sep_parse_ms = sep,
            manifest_reader_ms = reader,
            same_fields = SameFields(bytes),
            note = "best of runs, bytes in memory; ManifestReader also resolves each image path (the images do not exist, so each row is a problem)",
        };
    }

    /// <summary>A manifest as data prepare reads it: image, caption (a third quoted), subject, split.</summary>
    private static byte[] Manifest(int rows)
    {
        var text = new StringBuilder("image,caption,subject,split\n");
        var random = new Random(1);
        string[] findings = ["no acute cardiopulmonary process", "mild cardiomegaly", "small left pleural effusion", "right lower lobe opacity", "stable post-operative changes"];
        for (var row = 0; row < rows; row++)
        {
            var caption = string.Join(". ", Enumerable.Range(0, 4).Select(_ => findings[random.Next(findings.Length)]));
            var field = row % 3 == 0 ? $"\"{caption}, compared with \"\"prior\"\" study\"" : caption;
            text.Append(CultureInfo.InvariantCulture, $"images/p{row / 4:D6}/s{row:D7}.jpg,{field},p{row / 4:D6},{(row % 10 == 0 ? "test" : "train")}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static List<string[]> SepFields(byte[] bytes)
    {
        var records = new List<string[]>();
        using var reader = Sep.Reader(options => options with { HasHeader = false, Unescape = true }).From(bytes);
        foreach (var row in reader)
        {
            var fields = new string[row.ColCount];
            for (var column = 0; column < fields.Length; column++)
            {
                fields[column] = row[column].ToString();
            }

            records.Add(fields);
        }

        return records;
    }

    private static bool SameFields(byte[] bytes)
    {
        var ours = CsvParser.Parse(bytes, "manifest.csv");
        var sep = SepFields(bytes);
        return ours.Count == sep.Count && ours.Zip(sep).All(pair => pair.First.Fields.SequenceEqual(pair.Second));
    }

    private static double Best(int runs, Func<int> action)
    {
        var best = double.MaxValue;
        for (var run = 0; run < runs; run++)
        {
            GC.Collect();
            var watch = Stopwatch.StartNew();
            action();
            best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
        }

        return Math.Round(best, 1);
    }

    private static int IntOption(IReadOnlyList<string> args, string name, int fallback)
    {
        var index = args.ToList().IndexOf(name);
        if (index < 0)
        {
            return fallback;
        }

        return index + 1 < args.Count && int.TryParse(args[index + 1], out var value) && value > 0
            ? value
            : throw new ArgumentException($"option {name} needs a positive whole number.");
    }
}
