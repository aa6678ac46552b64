using MemControl.Models.Loading;
using System.Diagnostics;
using System.Globalization;
using MemControl.Data;
using MemControl.Data.Images;
using MemControl.Data.Loading;
using MemControl.Data.Phantoms;
using SkiaSharp;

namespace MemControl.Benchmarks;

/// <summary>
/// Image input throughput: 1024² JPEG → 224² model input (decode with DCT down-scaling, resize, centre-crop), on one
/// thread, on all cores, and through the prefetching <see cref="BatchLoader"/> from files; plus phantom rendering.
/// Options: --images N (distinct JPEGs, default 32), --repeats R (decodes of each, default 4), --size S (default 224).
/// </summary>
public sealed class ImageDecodeBenchmark : IBenchmark
{
    public string Name => "decode";

    public string Description => "Images/s for 1024² JPEG → 224 (one thread, all cores, batch loader) and phantom rendering.";

    public object Run(IReadOnlyList<string> args)
    {
        var images = Option(args, "--images", 32);
        var repeats = Option(args, "--repeats", 4);
        var size = Option(args, "--size", 224);

        // The inputs: gray chest phantoms at 1024² (MIMIC-CXR-JPG's are gray JPEGs of about this size), quality 95,
        // and the same pictures as 3-channel JPEGs.
        var phantoms = PhantomDataset.Create(new PhantomOptions { Count = images, Seed = 1 });
        var source = Enumerable.Range(0, Math.Min(images, 4)).Select(i => phantoms.LoadImage(i, 1024)).ToArray();
        var gray = Enumerable.Range(0, images).Select(i => ImageEncoder.Encode(source[i % source.Length], SKEncodedImageFormat.Jpeg, 95 - (i % 3))).ToArray();
        var rgb = source.Select(ToRgb).Select(image => ImageEncoder.Encode(image, SKEncodedImageFormat.Jpeg, 95)).ToArray();

        var folder = Path.Combine(Path.GetTempPath(), $"memcontrol-decode-bench-{Environment.ProcessId}");
        try
        {
            var items = new List<DatasetItem>();
            for (var i = 0; i < gray.Length; i++)
            {
                var path = Path.Combine(folder, $"{i:D4}.jpg");
                var bytes = gray[i];
                AtomicFile.Write(path, stream => stream.Write(bytes));
                items.Add(new DatasetItem($"{i}", path, "caption", $"s{i}", null, DatasetItem.NoLabels, path));
            }

            var files = new FileImageDataset(folder, items);
            var loaderRate = LoaderRate(files, size, repeats);
            var singleGray = Rate(gray.Length * repeats, () => Loop(gray, repeats, size, parallel: false));
            var parallelGray = Rate(gray.Length * repeats, () => Loop(gray, repeats, size, parallel: true));
            var singleRgb = Rate(rgb.Length * repeats * 2, () => Loop(rgb, repeats * 2, size, parallel: false));
            var phantomRate = Rate(2000, () => Parallel.For(0, 2000, i => phantoms.LoadImage(i % phantoms.Items.Count, 64)));
            var phantomRateSingle = Rate(500, () =>
            {
                for (var i = 0; i < 500; i++)
                {
                    phantoms.LoadImage(i % phantoms.Items.Count, 64);
                }
            });

            return new
            {
                input = $"{images} distinct 1024x1024 JPEGs (gray phantoms, q95), each decoded {repeats}x to {size}x{size}",
                cores = Environment.ProcessorCount,
                load_average_1min = LoadAverage(),
                mean_jpeg_kb = Math.Round(gray.Average(g => g.Length) / 1024.0, 1),
                gray_jpeg_one_thread = singleGray,
                gray_jpeg_all_cores = parallelGray,
                rgb_jpeg_one_thread = singleRgb,
                batch_loader_from_files = loaderRate,
                phantom_render_64px_one_thread = phantomRateSingle,
                phantom_render_64px_all_cores = phantomRate,
            };
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Loop(byte[][] encoded, int repeats, int size, bool parallel)
    {
        var work = Enumerable.Range(0, encoded.Length * repeats).ToArray();
        if (parallel)
        {
            Parallel.ForEach(work, i => ImageDecoder.Decode(encoded[i % encoded.Length], size, "bench"));
        }
        else
        {
            foreach (var i in work)
            {
                ImageDecoder.Decode(encoded[i % encoded.Length], size, "bench");
            }
        }
    }

    private static Figure LoaderRate(IImageCaptionDataset dataset, int size, int epochs)
    {
        var loader = new BatchLoader(dataset, new ImagePreprocessor(size, 3), new BatchLoaderOptions { BatchSize = 8, Prefetch = 2 });
        return Rate(dataset.Items.Count * epochs, () =>
        {
            for (var epoch = 0; epoch < epochs; epoch++)
            {
                foreach (var batch in loader.Epoch(epoch))
                {
                    batch.Dispose();
                }
            }
        });
    }

    /// <summary>
    /// Images per second of wall time, and per second of this process's CPU time — the second is what one free core
    /// would give, and stays meaningful on a shared, loaded machine where wall time is not.
    /// </summary>
    private static Figure Rate(int count, Action action)
    {
        action(); // warm-up: JIT, Skia's first-use set-up
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        action();
        watch.Stop();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        return new Figure(Math.Round(count / watch.Elapsed.TotalSeconds, 1), Math.Round(count / cpu, 1), Math.Round(1000 * cpu / count, 2));
    }

    private sealed record Figure(double images_per_s_wall, double images_per_cpu_s, double cpu_ms_per_image);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static ImageData ToRgb(ImageData gray) =>
        new(3, gray.Height, gray.Width, [.. gray.Pixels, .. gray.Pixels, .. gray.Pixels]);

    private static int Option(IReadOnlyList<string> args, string name, int fallback)
    {
        var at = args.ToList().IndexOf(name);
        if (at < 0)
        {
            return fallback;
        }

        if (at + 1 >= args.Count || !int.TryParse(args[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            throw new ArgumentException($"{name} needs a whole number ≥ 1");
        }

        return value;
    }
}
