using System.Diagnostics;
using MemControl.Models.Loading;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MemControl.Benchmarks;

/// <summary>
/// Write and read throughput of our safetensors reader/writer against TorchSharp.PyBridge's, on a file of F32 and F16
/// 1024×1024 tensors (default ~200 MB). Each side writes then reads the same tensors; the best of N runs is reported.
/// Our writer flushes to disk before renaming (atomic save); PyBridge writes in place without a flush.
/// </summary>
public sealed class SafetensorsBenchmark : IBenchmark
{
    public string Name => "safetensors";

    public string Description => "safetensors write/read MB/s: ours vs TorchSharp.PyBridge (--mb 200 --runs 3 --dir <tmp>)";

    public object Run(IReadOnlyList<string> args)
    {
        var megabytes = IntOption(args, "--mb", 200);
        var runs = IntOption(args, "--runs", 3);
        var folder = Path.Combine(StringOption(args, "--dir") ?? Path.GetTempPath(), $"memcontrol-bench-safetensors-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        try
        {
            // Half the bytes in F32 tensors of 4 MiB, half in F16 tensors of 2 MiB, as in a mixed-precision checkpoint.
            var perKind = Math.Max(1, megabytes / 2 / 4);
            var tensors = new Dictionary<string, Tensor>();
            for (var i = 0; i < perKind; i++)
            {
                tensors[$"block.{i}.f32.weight"] = randn(1024, 1024);
                tensors[$"block.{i}.f16.weight"] = randn(1024, 1024).half();
                tensors[$"block.{i}.f16.extra"] = randn(1024, 1024).half();
            }

            var bytes = tensors.Values.Sum(t => t.numel() * t.element_size());
            var ours = Path.Combine(folder, "ours.safetensors");
            var theirs = Path.Combine(folder, "pybridge.safetensors");

            var ourWrite = Best(runs, () => SafetensorsWriter.Write(ours, tensors));
            var ourRead = Best(runs, () => Dispose(SafetensorsFile.ReadAll(ours)));
            var theirWrite = Best(runs, () => Safetensors.SaveStateDict(theirs, tensors));
            var theirRead = Best(runs, () => Dispose(Safetensors.LoadStateDict(theirs)));

            var agree = CheckSameValues(ours, theirs);
            return new
            {
                benchmark = Name,
                file_mb = Math.Round(bytes / 1e6, 1),
                tensors = tensors.Count,
                runs,
                ours = new { write_mb_s = Rate(bytes, ourWrite), read_mb_s = Rate(bytes, ourRead), write_s = ourWrite, read_s = ourRead },
                pybridge = new { write_mb_s = Rate(bytes, theirWrite), read_mb_s = Rate(bytes, theirRead), write_s = theirWrite, read_s = theirRead },
                files_hold_the_same_tensors = agree,
                note = "best of runs; files in the page cache after writing; our writer fsyncs and renames (atomic), PyBridge does neither",
            };
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static bool CheckSameValues(string ours, string theirs)
    {
        var a = SafetensorsFile.ReadAll(ours);
        var b = Safetensors.LoadStateDict(theirs);
        var same = a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var other) && p.Value.dtype == other.dtype && p.Value.bytes.SequenceEqual(other.bytes));
        Dispose(a);
        Dispose(b);
        return same;
    }

    private static double Best(int runs, Action action)
    {
        var best = double.MaxValue;
        for (var run = 0; run < runs; run++)
        {
            GC.Collect();
            var watch = Stopwatch.StartNew();
            action();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }

        return Math.Round(best, 3);
    }

    private static double Rate(long bytes, double seconds) => Math.Round(bytes / 1e6 / seconds, 1);

    private static void Dispose(Dictionary<string, Tensor> tensors)
    {
        foreach (var tensor in tensors.Values)
        {
            tensor.Dispose();
        }
    }

    private static string? StringOption(IReadOnlyList<string> args, string name)
    {
        var index = args.ToList().IndexOf(name);
        if (index < 0)
        {
            return null;
        }

        return index + 1 < args.Count ? args[index + 1] : throw new ArgumentException($"option {name} needs a value.");
    }

    private static int IntOption(IReadOnlyList<string> args, string name, int fallback)
    {
        var text = StringOption(args, name);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, out var value) && value > 0 ? value : throw new ArgumentException($"option {name} must be a positive whole number, not '{text}'.");
    }
}
