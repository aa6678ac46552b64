using MemControl.Data.Phantoms;
using MemControl.Models.Pipelines;
using MemControl.Training.Pretraining;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Tests.Training.Pretraining;

public sealed class PretrainerTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"memcontrol-pretrain-test-{Guid.NewGuid():N}");

    [Fact]
    public void Pretraining_trains_the_unet_and_the_text_encoder_and_repeats_exactly_for_a_seed()
    {
        // Given: the built-in recipe, untrained, twice from the same seed
        var data = PhantomDataset.Create(new PhantomOptions { Count = 8, Seed = 1 });
        var corpus = data.Items.Select(item => item.Caption).ToList();
        using var first = UntrainedPipeline.Create(PretrainRecipes.BuiltinSmall, corpus, Path.Combine(root, "a"), seed: 3);
        using var second = UntrainedPipeline.Create(PretrainRecipes.BuiltinSmall, corpus, Path.Combine(root, "b"), seed: 3);
        var unetBefore = Snapshot(first.Unet);
        var textBefore = Snapshot(first.TextEncoder);
        var options = new PretrainOptions { Steps = 2, BatchSize = 4, WarmupSteps = 0, EmaDecay = 0.5, Seed = 5 };

        // When
        var result = new Pretrainer(first, options).Run(data, cancellationToken: TestContext.Current.CancellationToken);
        _ = new Pretrainer(second, options).Run(data, cancellationToken: TestContext.Current.CancellationToken);

        // Then
        Assert.Equal(2, result.Losses.Count);
        Assert.All(result.Losses, loss => Assert.True(double.IsFinite(loss)));
        Assert.True(MaxChange(unetBefore, first.Unet) > 0, "the UNet did not change");
        Assert.True(MaxChange(textBefore, first.TextEncoder) > 0, "the text encoder did not change");
        Assert.Equal(0, MaxChange(Snapshot(second.Unet), first.Unet));
        Assert.Equal(0, MaxChange(Snapshot(second.TextEncoder), first.TextEncoder));
    }

    [Fact]
    public void The_untrained_folder_loads_as_a_pixel_space_pipeline_whose_vocabulary_holds_the_corpus_words()
    {
        // Given
        var corpus = new[] { "a photo of a sneaker", "small left pleural effusion" };

        // When
        using var model = UntrainedPipeline.Create(PretrainRecipes.BuiltinSmall, corpus, Path.Combine(root, "c"), seed: 0);
        using var reloaded = StableDiffusion.Load(Path.Combine(root, "c"));

        // Then
        Assert.Null(reloaded.Vae);
        Assert.Equal(1, reloaded.ImageChannels);
        Assert.Equal(16, reloaded.Unet.Config.SampleSize);
        Assert.Equal(reloaded.Tokenizer.VocabularySize, (int)reloaded.TextEncoder.Config.VocabSize);
        Assert.Equal(4, reloaded.Tokenizer.CountTokens("small left pleural effusion"));
        Assert.Equal(7, model.Unet.named_modules().Count(m => m.name.EndsWith(".attentions.0", StringComparison.Ordinal) || m.name.EndsWith(".attentions.1", StringComparison.Ordinal)));
    }

    private static Dictionary<string, Tensor> Snapshot(nn.Module module) =>
        module.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value.detach().clone());

    private static double MaxChange(Dictionary<string, Tensor> before, nn.Module module) =>
        module.state_dict().Max(entry => (entry.Value - before[entry.Key]).abs().max().item<float>());

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
