using MemControl.Cli.Commands.Evaluate;
using MemControl.Data;
using MemControl.Data.Manifests;
using MemControl.Data.Phantoms;
using MemControl.Models.TextEncoders;
using MemControl.Tests.Support;
using MemControl.Workflow.Evaluation;

namespace MemControl.Tests.Cli.Evaluate;

/// <summary>How <c>evaluate</c> turns --data, --prompts and the memorization options into its inputs.</summary>
public sealed class EvaluationDataTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"evaluation-data-test-{Guid.NewGuid():N}");

    [Fact]
    public void Phantom_data_trains_on_the_train_runs_phantoms_and_holds_out_the_next_seeds()
    {
        // When
        var inputs = EvaluationData.Build(new EvaluateSettings { Data = "phantoms", Phantoms = 5, PhantomSeed = 3, Prompts = 2, Out = folder }, Tokenizer());

        // Then
        var trained = PhantomDataset.Create(new PhantomOptions { Count = 5, Seed = 3 });
        Assert.Equal(trained.Items.Select(i => i.Caption), inputs.Training.Items.Select(i => i.Caption));
        Assert.Equal(2, inputs.HeldOut.Items.Count);
        Assert.Null(inputs.MemorizationIndices);
    }

    [Fact]
    public void A_memorization_manifest_is_matched_to_phantom_training_rows_by_caption()
    {
        // Given: training phantoms 1 and 3 written out as a memorization manifest (file ids, so only captions match).
        var training = PhantomDataset.Create(new PhantomOptions { Count = 5 });
        var memorization = Path.Combine(folder, "memorization-set.csv");
        var written = ManifestDataset.Open(PhantomWriter.Write(training, Path.Combine(folder, "images"), 16));
        ManifestWriter.Write(memorization, [written.Items[3], written.Items[1]]);

        // When
        var inputs = EvaluationData.Build(new EvaluateSettings { Data = "phantoms", Phantoms = 5, MemorizationSet = memorization, Out = folder }, Tokenizer());

        // Then
        Assert.Equal([3, 1], inputs.MemorizationIndices);
    }

    [Fact]
    public void A_memorization_row_not_in_the_training_data_is_refused_naming_the_file()
    {
        // Given: a phantom of another seed.
        var other = ManifestDataset.Open(PhantomWriter.Write(PhantomDataset.Create(new PhantomOptions { Count = 1, Seed = 99 }), Path.Combine(folder, "other"), 16));
        var memorization = Path.Combine(folder, "memorization-set.csv");
        ManifestWriter.Write(memorization, other.Items);

        // When
        var error = Assert.Throws<InvalidDataException>(() =>
            EvaluationData.Build(new EvaluateSettings { Data = "phantoms", Phantoms = 5, MemorizationSet = memorization, Out = folder }, Tokenizer()));

        // Then
        Assert.Contains(memorization, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_without_held_out_split_needs_the_held_out_option()
    {
        // Given
        var manifest = PhantomWriter.Write(PhantomDataset.Create(new PhantomOptions { Count = 3 }), Path.Combine(folder, "train"), 16);

        // When
        var error = Assert.Throws<ArgumentException>(() => EvaluationData.Build(new EvaluateSettings { Data = manifest, Out = folder }, Tokenizer()));

        // Then
        Assert.Contains("--held-out", error.Message, StringComparison.Ordinal);
    }

    private static ClipTokenizer Tokenizer() => ClipTokenizer.FromFolder(TestPaths.RequireClipTokenizerDir());

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
