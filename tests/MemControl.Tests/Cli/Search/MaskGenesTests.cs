using MemControl.Peft.Masks;
using MemControl.Search;
using MemControl.Search.Distributions;
using MemControl.Search.Storage;
using MemControl.Workflow.Search;

namespace MemControl.Tests.Cli.Search;

/// <summary>Reading a trial's mask back from its genes, including studies saved before fine genes were named by module path.</summary>
public sealed class MaskGenesTests
{
    private const string Block = "down_blocks.0.attentions.0";

    private static readonly MaskLayout FineLayout = MaskLayout.FromPaths(
        new[] { "", "down_blocks", "down_blocks.0", "down_blocks.0.attentions", Block, $"{Block}.transformer_blocks", $"{Block}.transformer_blocks.0" }
            .Concat(new[] { "attn1", "attn2", "ff" }.Select(part => $"{Block}.transformer_blocks.0.{part}")),
        MaskSpace.Fine);

    private readonly InMemoryStudyStorage storage = new();

    [Fact]
    public void A_trial_stored_with_module_path_genes_reads_back_its_mask()
    {
        // Given
        var trial = Stored(("transformer_blocks.0.attn1", 1), ("transformer_blocks.0.attn2", 0), ("transformer_blocks.0.ff", 1));

        // When
        var (mask, learningRate) = MaskGenes.Read(trial, FineLayout);

        // Then
        Assert.Equal("1,0,1", mask.ToString());
        Assert.Equal(3e-4, learningRate);
    }

    [Fact]
    public void A_trial_stored_with_the_old_fine_gene_names_still_reads_back_its_mask_and_row()
    {
        // Given: a study from before fine genes were named by their module paths
        var trial = Stored(("attn1", 0), ("attn2", 1), ("ff", 1));

        // When
        var (mask, _) = MaskGenes.Read(trial, FineLayout);
        var row = SearchTrialRow.From("svdiff", trial, FineLayout);

        // Then
        Assert.Equal("0,1,1", mask.ToString());
        Assert.Equal("011", row.Bits);
    }

    [Fact]
    public void A_trial_without_a_gene_of_the_layout_is_an_error_naming_the_gene()
    {
        // Given
        var trial = Stored(("transformer_blocks.0.attn1", 1), ("transformer_blocks.0.attn2", 0));

        // When
        var error = Assert.Throws<InvalidDataException>(() => MaskGenes.Read(trial, FineLayout));

        // Then
        Assert.Contains($"{Block}.transformer_blocks.0.ff", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_trial_of_a_study_started_with_the_old_fine_gene_names_keeps_those_names()
    {
        // Given
        Stored(("attn1", 0), ("attn2", 1), ("ff", 1));
        var study = Study.CreateOrLoad(storage, "s", SearchRunner.Directions);

        // When
        var trial = study.Ask();
        MaskGenes.Suggest(trial, FineLayout, MaskGenes.LearningRate(1e-5, 1e-3));

        // Then
        Assert.Equal(
            [$"{Block}.attn1", $"{Block}.attn2", $"{Block}.ff", MaskGenes.LearningRateGene],
            trial.Params.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_new_trial_of_a_new_study_is_suggested_under_the_module_paths()
    {
        // Given
        var study = Study.CreateOrLoad(storage, "s", SearchRunner.Directions);

        // When
        var trial = study.Ask();
        MaskGenes.Suggest(trial, FineLayout, MaskGenes.LearningRate(1e-5, 1e-3));

        // Then
        Assert.Equal(
            [$"{Block}.transformer_blocks.0.attn1", $"{Block}.transformer_blocks.0.attn2", $"{Block}.transformer_blocks.0.ff", MaskGenes.LearningRateGene],
            trial.Params.Keys.Order(StringComparer.Ordinal));
    }

    private FrozenTrial Stored(params (string Gene, int Bit)[] genes)
    {
        var study = Study.CreateOrLoad(storage, "s", SearchRunner.Directions);
        var trial = storage.StartTrial(study.StudyId, "me:1")!;
        foreach (var (gene, bit) in genes)
        {
            storage.SetTrialParameter(trial.TrialId, $"{Block}.{gene}", new BoolDistribution(), bit);
        }

        storage.SetTrialParameter(trial.TrialId, MaskGenes.LearningRateGene, new FloatDistribution(1e-5, 1e-3, log: true), 3e-4);
        return study.GetTrials().Single(t => t.TrialId == trial.TrialId);
    }
}
