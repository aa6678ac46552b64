using System.Globalization;
using System.Text.Json;
using MemControl.Tests.Cli.Train;

namespace MemControl.Tests.Cli.Search;

/// <summary>End-to-end `memcontrol search` (two svdiff trials on the tiny parity pipeline) and `train --mask` with its pick.</summary>
public sealed class SearchCommandTests(TinySearchRun run) : IClassFixture<TinySearchRun>
{
    [Fact]
    public void A_search_writes_every_trial_the_front_the_plot_the_summary_and_the_picked_mask()
    {
        // Given / When
        var folder = run.SearchFolder;

        // Then
        Assert.True(run.ExitCode == 0, run.Output);
        foreach (var file in new[] { "study.db", "front.csv", "front.json", "pareto.png", "search.json", "mask.json" })
        {
            Assert.True(File.Exists(Path.Combine(folder, file)), $"{file} missing; output:\n{run.Output}");
        }

        foreach (var trial in new[] { "0", "1" })
        {
            foreach (var file in new[] { "mask.json", "metrics.json", "samples.png" })
            {
                Assert.True(File.Exists(Path.Combine(folder, "trials", trial, file)), $"trials/{trial}/{file} missing");
            }
        }

        Assert.Equal([0x89, 0x50, 0x4E, 0x47], File.ReadAllBytes(Path.Combine(folder, "pareto.png"))[..4]);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "search.json")));
        Assert.Equal("finished", summary.RootElement.GetProperty("status").GetString());
        Assert.Equal(2, summary.RootElement.GetProperty("studies")[0].GetProperty("complete").GetInt32());
        Assert.Empty(Directory.GetFiles(folder, "*.tmp*", SearchOption.AllDirectories));
    }

    [Fact]
    public void The_vanilla_configuration_is_trial_0_with_every_bit_on_at_the_default_learning_rate()
    {
        // Given
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.SearchFolder, "trials", "0", "metrics.json")));

        // When
        var bits = metrics.RootElement.GetProperty("bits").EnumerateArray().Select(b => b.GetInt32()).ToList();

        // Then: one bit per Transformer2DModel of the parity UNet, all on
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.NotEmpty(bits);
        Assert.All(bits, bit => Assert.Equal(1, bit));
        Assert.Equal(1e-4, metrics.RootElement.GetProperty("learning_rate").GetDouble());
        using var front = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.SearchFolder, "front.json")));
        var vanilla = Assert.Single(front.RootElement.GetProperty("vanilla").EnumerateArray());
        Assert.Equal(0, vanilla.GetProperty("trial").GetInt32());
    }

    [Fact]
    public void The_learning_rate_gene_spans_the_lr_range_and_the_study_stores_that_range()
    {
        // Given
        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.SearchFolder, "search.json")));
        var settings = summary.RootElement.GetProperty("settings");
        using var storage = MemControl.Storage.StudyStorages.Open($"sqlite:///{Path.Combine(run.SearchFolder, "study.db")}");
        var study = MemControl.Search.Study.CreateOrLoad(storage, "memcontrol-svdiff-default", MemControl.Workflow.Search.SearchRunner.Directions);

        // When
        var genes = study.GetTrials().Select(t => (MemControl.Search.Distributions.FloatDistribution)t.Distributions[MemControl.Workflow.Search.MaskGenes.LearningRateGene]).ToList();

        // Then: search.json carries the range to workers; every trial's gene was drawn from it, log-uniform
        Assert.Equal(2e-5, settings.GetProperty("lowest_learning_rate").GetDouble());
        Assert.Equal(5e-4, settings.GetProperty("highest_learning_rate").GetDouble());
        Assert.Equal(2, genes.Count);
        Assert.All(genes, gene => Assert.Equal((2e-5, 5e-4, true), (gene.Low, gene.High, gene.Log)));
    }

    [Fact]
    public void Resuming_the_search_with_other_steps_is_refused_naming_the_option()
    {
        // Given: the finished search's own arguments with --steps changed
        Assert.True(run.ExitCode == 0, run.Output);
        var arguments = run.Data.Arguments(run.RunFolder).Concat(["--lr-range", TinySearchRun.LearningRateRange]).ToArray();
        arguments[Array.IndexOf(arguments, "--steps") + 1] = "2";
        var before = File.ReadAllText(Path.Combine(run.SearchFolder, "search.json"));

        // When
        var (exitCode, printed) = TrainRun.Cli(arguments);

        // Then: one line naming --steps and both values; search.json as it was
        Assert.Equal(2, exitCode);
        Assert.Contains("--steps: the search in", printed, StringComparison.Ordinal);
        Assert.Contains("was run with 1; resuming it with 2", printed, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Path.Combine(run.SearchFolder, "search.json")));
    }

    [Fact]
    public void The_front_holds_only_non_dominated_trials_and_the_picked_one_is_on_it()
    {
        // Given
        using var front = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.SearchFolder, "front.json")));
        var all = front.RootElement.GetProperty("trials").EnumerateArray()
            .Select(t => (Trial: t.GetProperty("trial").GetInt32(), M: t.GetProperty("memorization").GetDouble(), F: t.GetProperty("fd").GetDouble())).ToList();
        var onFront = front.RootElement.GetProperty("front").EnumerateArray().Select(t => t.GetProperty("trial").GetInt32()).ToHashSet();

        // When
        var dominated = all.Where(a => all.Any(b => b.M <= a.M && b.F <= a.F && (b.M < a.M || b.F < a.F))).Select(a => a.Trial).ToHashSet();

        // Then
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(all.Select(a => a.Trial).Where(t => !dominated.Contains(t)).ToHashSet(), onFront);
        Assert.Contains(front.RootElement.GetProperty("picked").GetProperty("trial").GetInt32(), onFront);
        Assert.Equal(onFront.Count + 1, File.ReadAllLines(Path.Combine(run.SearchFolder, "front.csv")).Length);
    }

    [Fact]
    public void Train_with_the_picked_mask_on_another_dataset_takes_method_and_learning_rate_from_the_file()
    {
        // Given
        Assert.True(run.ExitCode == 0, run.Output);
        var maskPath = Path.Combine(run.SearchFolder, "mask.json");
        using var mask = JsonDocument.Parse(File.ReadAllText(maskPath));
        var output = Path.Combine(run.RunFolder, "train");

        // When: the mask is transferred to built-in phantoms (another dataset than the search's manifest).
        var (exitCode, printed) = TrainRun.Cli(
            "train", "--model", run.Data.Model, "--data", "phantoms", "--phantoms", "4", "--mask", maskPath, "--steps", "1", "--batch", "2", "--out", output);

        // Then
        Assert.True(exitCode == 0, printed);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "train.json")));
        var options = summary.RootElement.GetProperty("options");
        Assert.Equal("svdiff", options.GetProperty("method").GetString());
        Assert.Equal(mask.RootElement.GetProperty("learning_rate").GetDouble(), options.GetProperty("learning_rate").GetDouble());
        var bits = string.Join(",", mask.RootElement.GetProperty("bits").EnumerateArray().Select(b => b.GetInt32().ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(bits, options.GetProperty("mask").GetProperty("bits").GetString());
    }

    [Fact]
    public void A_mask_of_another_base_model_is_one_clear_line_and_exit_code_3()
    {
        // Given: the picked mask as if it had been searched on another model (its identity differs).
        Assert.True(run.ExitCode == 0, run.Output);
        var text = File.ReadAllText(Path.Combine(run.SearchFolder, "mask.json"));
        using var original = JsonDocument.Parse(text);
        var identity = original.RootElement.GetProperty("base_model_identity").GetString()!;
        var foreign = Path.Combine(run.RunFolder, "foreign-mask.json");
        File.WriteAllText(foreign, text.Replace(identity, new string('0', identity.Length), StringComparison.Ordinal));

        // When
        var (exitCode, printed) = TrainRun.Cli(
            "train", "--model", run.Data.Model, "--data", "phantoms", "--phantoms", "4", "--mask", foreign, "--steps", "1", "--out", Path.Combine(run.RunFolder, "foreign"));

        // Then
        Assert.Equal(3, exitCode);
        Assert.Contains("base_model_identity", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
    }
}
