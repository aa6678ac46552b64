using MemControl.Models.Loading;
using MemControl.Workflow.Benchmark;
using MemControl.Workflow.Demo;
using MemControl.Workflow.Reports;
using MemControl.Workflow.RunData;
using MemControl.Workflow.Search;

namespace MemControl.Workflow.Runs;

/// <summary>
/// The whole MemControl workflow on one manifest, in one run folder (README "Your own data"): data preparation (splits,
/// the memorization set recurring R times, paper §4.1) → NSGA-II mask search on D_HPO (§4.2) → the paper's Table 1 rows
/// trained on the training data and evaluated (§5) → report. <c>memcontrol run</c> and <c>memcontrol demo</c> (on
/// generated phantoms) are this. A rerun resumes: prepared data, finished trials and rows are kept.
/// </summary>
public static class WholeRun
{
    public static WholeRunResult Run(
        string manifest,
        string model,
        string runFolder,
        DemoProfile profile,
        int seed,
        int workers,
        ISearchProgress searchProgress,
        Action<string> log,
        CancellationToken cancellationToken = default,
        IReadOnlyList<int>? seeds = null)
    {
        var run = Path.GetFullPath(runFolder);

        // 1. Data
        var data = DataPreparation.Prepare(manifest, run, new DataPreparationOptions
        {
            MemorizationCount = profile.MemorizationCount,
            MemorizationRepeats = profile.MemorizationRepeats,
            Seed = seed,
        });
        log($"data: {data.Subjects} subjects (train {data.Train}, validation {data.Validation}, test {data.Test} rows); memorization set of {data.MemorizationCaptions.Count} × {data.MemorizationRepeats} ({data.MemorizationSet})");

        // 2. Search (paper §4.2) on D_HPO
        var search = SearchRunner.Run(profile.Search(model, data.Manifest, run, seed, workers), searchProgress, cancellationToken);
        log($"search: {search.Front.All.Count} trials, {search.Front.Front.Count} on the front; picked {search.MaskPath}");

        // 3. Every Table-1 row trained on the training data (the memorization set recurring) and evaluated
        var plan = profile.Benchmark(model, data.Training, run, seed, search.MaskPath, data.MemorizationSet) with { Seeds = seeds ?? profile.Seeds(seed) };
        seeds = plan.Seeds;
        var results = BenchmarkSeeds.Run(plan, BenchmarkRows.Select(profile.BenchmarkRows), log, BenchmarkStepLines.Every10th(plan.Steps, log), cancellationToken, workers);
        AtomicFile.WriteText(Path.Combine(run, "results.json"), File.ReadAllText(Path.Combine(plan.BenchmarkFolder, BenchmarkOutputs.ResultsFile)));
        log($"benchmark: {results.Rows.Count} rows");

        // The searched mask's row is the workflow's "train with the picked mask, then evaluate": its files also go
        // where `train` and `evaluate` leave theirs, so the report shows them as such (the first seed's, over several).
        var rowsFolder = seeds is { Count: > 1 } ? BenchmarkSeeds.ForSeed(plan, seeds[0]).RowsFolder : plan.RowsFolder;
        PublishRow(Path.Combine(rowsFolder, BenchmarkRows.SearchedMask), run);

        // 4. Report
        var (report, files) = RunReport.Write(run);
        return new WholeRunResult(data, search, results, report, files);
    }

    private static void PublishRow(string rowFolder, string run)
    {
        if (!Directory.Exists(rowFolder))
        {
            return;
        }

        foreach (var (folder, files) in new[]
                 {
                     ("train", new[] { "adapter.json", "adapter.safetensors", "train.json", "losses.csv", "loss.png" }),
                     ("evaluate", new[] { "metrics.json", "grid.png", "gallery.png", "evaluation.md" }),
                 })
        {
            Directory.CreateDirectory(Path.Combine(run, folder));
            foreach (var file in files.Where(file => File.Exists(Path.Combine(rowFolder, file))))
            {
                AtomicFile.Write(Path.Combine(run, folder, file), stream =>
                {
                    using var source = File.OpenRead(Path.Combine(rowFolder, file));
                    source.CopyTo(stream);
                });
            }
        }
    }
}
