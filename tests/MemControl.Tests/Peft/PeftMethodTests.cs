using MemControl.Peft;
using MemControl.Peft.Adapters;
using static TorchSharp.torch;

namespace MemControl.Tests.Peft;

/// <summary>The shared matrix every method goes through (peft's TEST_CASES habit).</summary>
[Collection(PeftCollection.Name)]
public sealed class PeftMethodTests
{
    public static TheoryData<string> Methods => new("freeze", "full", "attention", "svdiff", "svdiff-memcontrol", "difffit", "lora");

    public static TheoryData<string> ExactIdentityMethods => new("freeze", "full", "attention", "svdiff", "difffit", "lora");

    public static TheoryData<string> MergeableMethods => new("svdiff", "svdiff-memcontrol", "difffit", "lora");

    [Theory]
    [MemberData(nameof(ExactIdentityMethods))]
    public void An_untrained_adapter_leaves_the_output_exactly_unchanged(string method)
    {
        // Given
        var model = PeftFixture.Model();
        var before = PeftFixture.Output(model);

        // When
        AdapterSet.Attach(model, PeftFixture.Config(method), new PeftContext(PeftFixture.Identity));
        var after = PeftFixture.Output(model);

        // Then
        Assert.True(PeftFixture.Identical(before, after), $"max difference {PeftFixture.MaxDifference(before, after)}");
    }

    [Fact]
    public void The_memcontrol_svdiff_variant_is_the_identity_up_to_float_rounding()
    {
        // Given
        var model = PeftFixture.Model();
        var before = PeftFixture.Output(model);

        // When
        AdapterSet.Attach(model, PeftFixture.Config("svdiff-memcontrol"), new PeftContext(PeftFixture.Identity));

        // Then: no residual, so W' = UΣVᵀ ≈ W only to float32 rounding
        Assert.InRange(PeftFixture.MaxDifference(before, PeftFixture.Output(model)), 0, 1e-4);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Training_changes_only_the_method_tensors(string method)
    {
        // Given
        var model = PeftFixture.Model();
        var adapters = AdapterSet.Attach(model, PeftFixture.Config(method), new PeftContext(PeftFixture.Identity));
        var trainable = adapters.Trainable.Select(entry => entry.Key).ToHashSet();
        var before = PeftFixture.Snapshot(model);

        // When
        PeftFixture.Train(model, adapters);
        var after = PeftFixture.Snapshot(model);

        // Then
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        var frozenChanged = before.Keys.Where(key => !trainable.Contains(key) && !PeftFixture.Identical(before[key], after[key])).ToList();
        Assert.Empty(frozenChanged);
        Assert.All(trainable, key => Assert.True(model.named_parameters().First(p => p.name == key).parameter.requires_grad, key));
        if (method != "freeze")
        {
            Assert.Contains(trainable, key => !PeftFixture.Identical(before[key], after[key]));
        }
        else
        {
            Assert.Empty(trainable);
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Saving_then_loading_onto_a_fresh_base_model_gives_the_same_outputs(string method)
    {
        // Given
        var model = PeftFixture.Model();
        var adapters = AdapterSet.Attach(model, PeftFixture.Config(method), new PeftContext(PeftFixture.Identity));
        PeftFixture.Train(model, adapters);
        var trained = PeftFixture.Output(model);
        var directory = Directory.CreateTempSubdirectory("peft-save-").FullName;

        // When
        adapters.Save(directory);
        var fresh = PeftFixture.Model();
        var loaded = AdapterSet.Load(fresh, directory, new PeftContext(PeftFixture.Identity));

        // Then
        Assert.True(File.Exists(Path.Combine(directory, AdapterFiles.Tensors)));
        Assert.Equal(adapters.TrainableCount, loaded.TrainableCount);
        Assert.True(PeftFixture.Identical(trained, PeftFixture.Output(fresh)), $"max difference {PeftFixture.MaxDifference(trained, PeftFixture.Output(fresh))}");
    }

    [Theory]
    [MemberData(nameof(MergeableMethods))]
    public void Merged_weights_give_the_hooked_outputs(string method)
    {
        // Given
        var model = PeftFixture.Model();
        var adapters = AdapterSet.Attach(model, PeftFixture.Config(method), new PeftContext(PeftFixture.Identity));
        PeftFixture.Train(model, adapters);
        var hooked = PeftFixture.Output(model);

        // When
        adapters.Merge();
        var merged = PeftFixture.Output(model);

        // Then
        Assert.InRange(PeftFixture.MaxDifference(hooked, merged), 0, 1e-5);
        Assert.DoesNotContain(model.named_parameters(), entry => entry.name.Contains("svdiff_") || entry.name.Contains("lora_"));
        Assert.DoesNotContain(model.parameters(), parameter => parameter.requires_grad);
    }

    public static TheoryData<string> AddOnlyMethods => new("svdiff", "svdiff-memcontrol", "lora");

    [Theory]
    [MemberData(nameof(AddOnlyMethods))]
    public void Detaching_restores_the_original_modules_and_outputs(string method)
    {
        // Given
        var model = PeftFixture.Model();
        var before = PeftFixture.Output(model);
        var keys = model.named_parameters().Select(entry => entry.name).ToList();
        var adapters = AdapterSet.Attach(model, PeftFixture.Config(method), new PeftContext(PeftFixture.Identity));
        PeftFixture.Train(model, adapters);

        // When
        adapters.Detach();

        // Then
        Assert.Equal(keys, model.named_parameters().Select(entry => entry.name).ToList());
        Assert.True(PeftFixture.Identical(before, PeftFixture.Output(model)));
    }

    [Fact]
    public void Loading_an_adapter_onto_another_base_model_is_a_clear_error()
    {
        // Given
        var model = PeftFixture.Model();
        var adapters = AdapterSet.Attach(model, PeftFixture.Config("lora"), new PeftContext(PeftFixture.Identity));
        var directory = Directory.CreateTempSubdirectory("peft-identity-").FullName;
        adapters.Save(directory);

        // When
        var error = Assert.Throws<InvalidDataException>(() => AdapterSet.Load(PeftFixture.Model(), directory, new PeftContext("another-model")));

        // Then
        Assert.Contains("base_model_identity", error.Message);
        Assert.Contains("another-model", error.Message);
    }

    [Fact]
    public void Svdiff_reuses_cached_svds_across_attachments()
    {
        // Given
        var cache = new MemControl.Peft.SvDiff.SvdCache(Directory.CreateTempSubdirectory("svd-cache-").FullName);
        AdapterSet.Attach(PeftFixture.Model(), PeftFixture.Config("svdiff"), new PeftContext(PeftFixture.Identity, cache));
        var computed = cache.ComputedCount;

        // When
        AdapterSet.Attach(PeftFixture.Model(), PeftFixture.Config("svdiff"), new PeftContext(PeftFixture.Identity, cache));

        // Then
        Assert.True(computed > 0);
        Assert.Equal(computed, cache.ComputedCount);
    }

    [Fact]
    public void Svdiff_exposes_the_one_dimensional_shifts_as_their_own_parameter_group()
    {
        // Given
        var model = PeftFixture.Model();

        // When
        var adapters = AdapterSet.Attach(model, PeftFixture.Config("svdiff"), new PeftContext(PeftFixture.Identity));

        // Then
        var oneDimensional = adapters.Parameters(MemControl.Peft.Layers.AdapterParameterKind.OneDimensionalShift);
        var spectral = adapters.Parameters(MemControl.Peft.Layers.AdapterParameterKind.Main);
        Assert.NotEmpty(oneDimensional);
        Assert.NotEmpty(spectral);
        Assert.Equal(adapters.Parameters().Count, oneDimensional.Count + spectral.Count);
    }
}
