using System.Text.RegularExpressions;
using MemControl.Cli.Commands.Benchmark;
using MemControl.Cli.Commands.Report;
using MemControl.Tests.Cli.Train;
using MemControl.Workflow.Benchmark;
using MemControl.Workflow.Reports;

namespace MemControl.Tests.Cli.Report;

public sealed class RunReportTests
{
    [Fact]
    public void A_script_caption_of_a_flagged_prompt_stays_text_in_the_html_and_the_markdown()
    {
        // Given
        using var run = new RunFolderBuilder().Evaluation("<script>alert('x')</script> effusion");

        // When
        var report = RunReport.Build(run.Path);

        // Then
        Assert.DoesNotContain("<script>", report.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; effusion", report.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", report.Markdown, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("1 of 2 training captions tried as prompts", report.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("clear lungs", report.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_summary_says_in_words_and_numbers_how_much_the_model_memorizes()
    {
        // Given
        using var run = new RunFolderBuilder().Evaluation("left effusion");

        // When
        var report = RunReport.Build(run.Path);

        // Then
        Assert.Contains("The model reproduces training images: of 2 training captions used as prompts, 1 were extracted", report.Html, StringComparison.Ordinal);
        Assert.Contains("25 % of the generated images are near-copies of a training image", report.Html, StringComparison.Ordinal);
        Assert.Contains("5 % of the real training images", report.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void On_data_too_alike_for_the_extraction_attack_the_summary_says_to_read_its_counts_with_care()
    {
        // Given: every distinct training image within the attack's threshold of another, as the 16-px demo phantoms
        using var alike = new RunFolderBuilder().Evaluation("left effusion", linkedShare: 1.0, copyingBelowNeighbours: false);
        using var distinct = new RunFolderBuilder().Evaluation("left effusion");

        // When
        var alikeReport = RunReport.Build(alike.Path);
        var distinctReport = RunReport.Build(distinct.Path);

        // Then
        Assert.Contains("Read the counts above with care: on this data, at the extraction attack&#39;s threshold, 100 % of the distinct training images", alikeReport.Html, StringComparison.Ordinal);
        Assert.Contains("the copying threshold is not below the distance between distinct training images", alikeReport.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Read the counts above with care", distinctReport.Html, StringComparison.Ordinal);
        Assert.Contains("By the memorization tests&#39; counts, the model reproduces training images", alikeReport.Html, StringComparison.Ordinal);
        Assert.Contains("1 prompt produced at least one copy", distinctReport.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_html_is_self_contained_with_every_picture_embedded()
    {
        // Given
        using var run = new RunFolderBuilder()
            .Evaluation("left effusion")
            .Picture("search/pareto.png")
            .Picture("evaluate/grid.png")
            .Picture("evaluate/gallery.png")
            .Picture("train/loss.png")
            .File("search/front.csv", "method,trial,memorization,fd,picked\nsvdiff,3,0.1,12.5,1\n");

        // When
        var report = RunReport.Build(run.Path);

        // Then
        var sources = Regex.Matches(report.Html, "(?:src|href)\\s*=\\s*\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(4, sources.Count);
        Assert.All(sources, source => Assert.StartsWith("data:image/png;base64,", source, StringComparison.Ordinal));
        Assert.DoesNotContain("<link", report.Html, StringComparison.Ordinal);
        Assert.Contains("(evaluate/gallery.png)", report.Markdown.Replace("<", "", StringComparison.Ordinal).Replace(">", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">12.5</td>", report.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_front_table_shows_decimals_to_five_digits_and_bit_strings_as_written()
    {
        // Given: a front.csv row as search writes it (every digit kept)
        using var run = new RunFolderBuilder()
            .File("search/front.csv", "method,trial,memorization,fd,learning_rate,bits,trainable_count\ndifffit,6,1.0145468638773345,313.4550984589259,0.024785576771894142,0100100,15223\n");

        // When
        var report = RunReport.Build(run.Path);

        // Then
        foreach (var cell in new[] { "1.0145", "313.46", "0.024786", "0100100", "15223" })
        {
            Assert.Contains($"<td class=\"num\">{cell}</td>", report.Html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("1.0145468638773345", report.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_data_file_with_a_repeats_column_counts_its_rows_and_the_items_they_stand_for()
    {
        // Given: two rows, one repeated 3 times, one caption quoted across two lines
        using var run = new RunFolderBuilder()
            .File("data/training.csv", "image,caption,repeats\na.png,\"Heart size normal.\nNo effusion.\",3\nb.png,Clear lungs.,1\n")
            .File("data/plain.csv", "image,caption\na.png,x\nb.png,y\nc.png,z\n");

        // When
        var report = RunReport.Build(run.Path);

        // Then
        Assert.Contains("<td class=\"num\">2 (4 with repeats)</td>", report.Html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">3</td>", report.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_partial_run_folder_is_reported_with_what_is_missing_from_the_stages_it_has_only()
    {
        // Given: only a training run (its loss plot lost), and a search folder without its plot.
        using var run = new RunFolderBuilder()
            .File("train/train.json", "{\"options\":{\"method\":\"svdiff\",\"data\":\"phantoms\"},\"steps\":3}")
            .File("search/front.csv", "method,trial\n");

        // When
        var report = RunReport.Build(run.Path);

        // Then: the stages the run has say what they lack; stages it never ran are not "missing".
        Assert.Contains("train/loss.png (training loss plot)", report.Missing);
        Assert.Contains("search/pareto.png (front plot)", report.Missing);
        Assert.DoesNotContain(report.Missing, m => m.StartsWith("evaluate/", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Missing, m => m.StartsWith("benchmark/", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Missing, m => m.StartsWith("train/train.json", StringComparison.Ordinal));
        Assert.Contains("cannot say how much the model memorizes", report.Html, StringComparison.Ordinal);
        Assert.Contains("Not found, so not in this report: ", report.Html, StringComparison.Ordinal);
        Assert.Contains("svdiff", report.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_benchmark_table_appears_with_its_best_values_in_bold()
    {
        // Given
        using var run = new RunFolderBuilder();
        var rows = new[]
        {
            new BenchmarkRowResult("full", "Full FT", "full", null, null, "none", 10, 1, 0.1, 1, 1, new RowMetrics(30, 0.02, null, 5, null, 0.3), []),
            new BenchmarkRowResult("svdiff", "SV-DIFF", "svdiff", null, null, "none", 5, 1, 0.1, 1, 1, new RowMetrics(12, 0.06, null, 1, null, 0.1), []),
        };
        BenchmarkJson.Write(Path.Combine(run.Path, "benchmark", "results.json"), new BenchmarkResults("builtin", "phantoms", 1, 2, 1e-4, 0, 0, rows));

        // When
        var report = RunReport.Build(run.Path);

        // Then
        Assert.Contains("<td class=\"num\"><strong>12.00</strong></td>", report.Html, StringComparison.Ordinal);
        Assert.Contains("| SV-DIFF | **12.00** |", report.Markdown, StringComparison.Ordinal);
        Assert.Contains("By training captions extracted, the row that memorized most was Full FT (5); the least, SV-DIFF (1).", report.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_command_writes_both_pages_into_the_run_folder_and_names_what_it_did_not_find()
    {
        // Given
        using var run = new RunFolderBuilder().Evaluation("left effusion").File("search/front.csv", "method,trial\n");

        // When
        var (exitCode, printed) = TrainRun.Cli("report", "--run", run.Path);

        // Then
        Assert.True(exitCode == 0, printed);
        Assert.True(File.Exists(Path.Combine(run.Path, "report.html")));
        Assert.True(File.Exists(Path.Combine(run.Path, "report.md")));
        Assert.Contains("not found: search/search.json", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_folder_that_does_not_exist_is_named_with_exit_code_3()
    {
        // When
        var (exitCode, printed) = TrainRun.Cli("report", "--run", "/nonexistent/run-folder");

        // Then
        Assert.Equal(3, exitCode);
        Assert.Contains("--run: the folder '/nonexistent/run-folder' does not exist", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_json_file_is_named()
    {
        // Given
        using var run = new RunFolderBuilder().File("evaluate/metrics.json", "{ not json");

        // When
        var (exitCode, printed) = TrainRun.Cli("report", "--run", run.Path);

        // Then
        Assert.Equal(3, exitCode);
        Assert.Contains("metrics.json' is not valid JSON", printed, StringComparison.Ordinal);
    }
}
