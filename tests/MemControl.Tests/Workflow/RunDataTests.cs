using MemControl.Data;
using MemControl.Data.Manifests;
using MemControl.Data.Phantoms;
using MemControl.Workflow.Benchmark;
using MemControl.Workflow.RunData;
using MemControl.Workflow.Search;

namespace MemControl.Tests.Workflow;

/// <summary>
/// One split and one memorization set per run folder: data prepare writes them, and the search and the benchmark of
/// the same run read them — or, with no prepared data, whichever command comes first writes them for the other.
/// </summary>
public sealed class RunDataTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"memcontrol-run-data-{Guid.NewGuid():N}");

    /// <summary>A user's manifest: 40 phantoms of 10 patients, no split column.</summary>
    private string UserManifest() =>
        PhantomWriter.Write(PhantomDataset.Create(new PhantomOptions { Count = 40, Subjects = 10, Seed = 5 }), Path.Combine(root, "user"), 16);

    [Fact]
    public void Prepare_splits_by_subject_and_repeats_each_memorization_row_R_times_in_the_training_data()
    {
        // When
        var prepared = DataPreparation.Prepare(UserManifest(), Path.Combine(root, "run"), new DataPreparationOptions { MemorizationCount = 3, MemorizationRepeats = 5, Seed = 1 });

        // Then: every row has a split, no subject is in two splits, and the counts add up.
        var all = ManifestDataset.Open(prepared.Manifest).Items;
        Assert.All(all, item => Assert.NotNull(item.Split));
        Assert.All(all.GroupBy(item => item.Subject), subject => Assert.Single(subject.Select(item => item.Split).Distinct()));
        Assert.Equal(40, prepared.Train + prepared.Validation + prepared.Test);
        Assert.True(prepared.Validation > 0 && prepared.Test > 0);

        var memorized = ManifestDataset.Open(prepared.MemorizationSet).Items.Select(item => item.Id).ToHashSet();
        Assert.Equal(3, memorized.Count);
        var training = ManifestDataset.Open(prepared.Training).Items;
        Assert.All(training, item => Assert.Equal(DatasetSplit.Train, item.Split));
        Assert.All(memorized, id => Assert.Equal(5, training.Count(item => item.Id == id)));
        Assert.Equal(prepared.Train + (3 * 4), training.Count);
        Assert.Equal(prepared.TrainingRows, training.Count);
    }

    [Fact]
    public void Preparing_again_into_the_same_run_with_other_settings_is_refused_naming_the_folder()
    {
        // Given
        var manifest = UserManifest();
        var run = Path.Combine(root, "run");
        DataPreparation.Prepare(manifest, run, new DataPreparationOptions { MemorizationCount = 3, MemorizationRepeats = 5 });

        // When
        var error = Assert.Throws<ArgumentException>(() => DataPreparation.Prepare(manifest, run, new DataPreparationOptions { MemorizationCount = 3, MemorizationRepeats = 9 }));

        // Then
        Assert.Contains(Path.Combine(run, "data"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_search_without_prepared_data_records_its_splits_and_memorization_set_and_the_benchmark_of_the_run_uses_them()
    {
        // Given: the user's manifest has no split column and the run folder is new.
        var manifest = UserManifest();
        var run = Path.Combine(root, "run");
        var files = RunDataFiles.Of(run);

        // When: the search settles its data, then the benchmark of the same run (on the same manifest) builds its own.
        var search = SearchData.Build(new SearchOptions { Model = "builtin", Data = manifest, Output = Path.Combine(run, "search"), MemorizationCount = 3, ValidationPrompts = 2, Seed = 7 });
        var benchmark = BenchmarkEvaluationData.Build(new BenchmarkPlan { Model = "builtin", Data = manifest, RunFolder = run, MemorizationCount = 5, Seed = 7 });

        // Then: the same memorization rows (the recorded file wins over the benchmark's own count) ...
        var searched = search.Memorization.Memorization.Items.Select(item => item.Id).Order().ToList();
        var benchmarked = benchmark.MemorizationIndices!.Select(i => benchmark.Training.Items[i].Id).Order().ToList();
        Assert.Equal(searched, benchmarked);
        Assert.Equal(searched, ManifestDataset.Open(files.MemorizationSet).Items.Select(item => item.Id).Order().ToList());

        // ... and the same split: the benchmark trains on the search's training split and holds out its test rows.
        var recorded = ManifestDataset.Open(files.Manifest).Items.ToDictionary(item => item.Id, item => item.Split);
        Assert.All(benchmark.Training.Items, item => Assert.Equal(DatasetSplit.Train, recorded[item.Id]));
        Assert.All(benchmark.HeldOut.Items, item => Assert.Equal(DatasetSplit.Test, recorded[item.Id]));
        Assert.All(search.Validation.Items, item => Assert.Equal(DatasetSplit.Validation, recorded[item.Id]));
    }

    [Fact]
    public void The_benchmark_on_prepared_training_data_holds_out_the_prepared_test_split_and_reads_the_prepared_memorization_set()
    {
        // Given
        var prepared = DataPreparation.Prepare(UserManifest(), Path.Combine(root, "run"), new DataPreparationOptions { MemorizationCount = 3, MemorizationRepeats = 4 });

        // When: training.csv has only training rows (with repeats); the held-out rows come from the run's manifest.
        var inputs = BenchmarkEvaluationData.Build(new BenchmarkPlan { Model = "builtin", Data = prepared.Training, RunFolder = Path.Combine(root, "run"), Prompts = 100 });

        // Then
        Assert.Equal(prepared.Test, inputs.HeldOut.Items.Count);
        Assert.Equal(prepared.Train, inputs.Training.Items.Count);
        var memorized = ManifestDataset.Open(prepared.MemorizationSet).Items.Select(item => item.Id).Order().ToList();
        Assert.Equal(memorized, inputs.MemorizationIndices!.Select(i => inputs.Training.Items[i].Id).Order().ToList());
    }

    [Fact]
    public void Data_that_is_not_the_runs_recorded_data_is_refused_naming_the_split_file()
    {
        // Given: the run's splits were recorded for one manifest.
        var run = Path.Combine(root, "run");
        SearchData.Build(new SearchOptions { Model = "builtin", Data = UserManifest(), Output = Path.Combine(run, "search"), MemorizationCount = 3, ValidationPrompts = 2 });
        var other = PhantomWriter.Write(PhantomDataset.Create(new PhantomOptions { Count = 12, Subjects = 4, Seed = 99 }), Path.Combine(root, "other"), 16);

        // When
        var error = Assert.Throws<InvalidDataException>(() => BenchmarkEvaluationData.Build(new BenchmarkPlan { Model = "builtin", Data = other, RunFolder = run }));

        // Then
        Assert.Contains(RunDataFiles.Of(run).Manifest, error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
