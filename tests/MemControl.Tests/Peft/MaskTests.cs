using MemControl.Peft;
using MemControl.Peft.Adapters;
using MemControl.Peft.AttentionTuning;
using MemControl.Peft.Masks;
using MemControl.Peft.Tree;
using MemControl.Peft.SvDiff;
using static TorchSharp.torch;

namespace MemControl.Tests.Peft;

[Collection(PeftCollection.Name)]
public sealed class MaskTests
{
    private static readonly string[] SixteenBlocks =
    [
        "down_blocks.0.attentions.0", "down_blocks.0.attentions.1", "down_blocks.1.attentions.0", "down_blocks.1.attentions.1",
        "down_blocks.2.attentions.0", "down_blocks.2.attentions.1", "mid_block.attentions.0",
        "up_blocks.1.attentions.0", "up_blocks.1.attentions.1", "up_blocks.1.attentions.2",
        "up_blocks.2.attentions.0", "up_blocks.2.attentions.1", "up_blocks.2.attentions.2",
        "up_blocks.3.attentions.0", "up_blocks.3.attentions.1", "up_blocks.3.attentions.2",
    ];

    [Fact]
    public void The_default_space_has_one_bit_per_transformer_in_down_mid_up_order()
    {
        // Given
        var model = PeftFixture.Model();

        // When
        var layout = MaskLayout.For(model, MaskSpace.Default);

        // Then
        Assert.Equal(SixteenBlocks, layout.Units.Select(unit => unit.Name));
        Assert.Empty(layout.AlwaysTrainedBlocks);
    }

    [Fact]
    public void The_official13_space_skips_the_third_attention_of_up_blocks_1_to_3()
    {
        // Given
        var model = PeftFixture.Model();

        // When
        var layout = MaskLayout.For(model, MaskSpace.Official13);

        // Then
        Assert.Equal(13, layout.Units.Count);
        Assert.Equal(["up_blocks.1.attentions.2", "up_blocks.2.attentions.2", "up_blocks.3.attentions.2"], layout.AlwaysTrainedBlocks);
        Assert.DoesNotContain(layout.Units, unit => unit.Name.EndsWith("attentions.2", StringComparison.Ordinal));
    }

    [Fact]
    public void The_fine_space_has_attn1_attn2_and_ff_bits_per_block_named_by_their_module_paths()
    {
        // Given
        var model = PeftFixture.Model();

        // When
        var layout = MaskLayout.For(model, MaskSpace.Fine);

        // Then
        Assert.Equal(48, layout.Units.Count);
        Assert.Equal("down_blocks.0.attentions.0.transformer_blocks.0.attn2", layout.Units[1].Name);
        Assert.Equal(["down_blocks.0.attentions.0.transformer_blocks.0.attn2"], layout.Units[1].Prefixes);
        Assert.Equal("down_blocks.0.attentions.0.attn2", layout.Units[1].LegacyName);
        Assert.All(layout.Units, unit => ModuleTree.Find(model, unit.Name));
    }

    [Fact]
    public void A_block_with_two_transformer_blocks_has_a_fine_bit_for_each_part_of_each()
    {
        // Given
        const string Block = "mid_block.attentions.0";
        var paths = new[] { "", "mid_block", "mid_block.attentions", Block, $"{Block}.transformer_blocks" }
            .Concat(new[] { 1, 0 }.SelectMany(k => new[] { "", ".attn1", ".attn2", ".ff", ".attn2.to_k" }
                .Select(part => $"{Block}.transformer_blocks.{k}{part}")));

        // When
        var layout = MaskLayout.FromPaths(paths, MaskSpace.Fine);

        // Then
        Assert.Equal(
            [$"{Block}.transformer_blocks.0.attn1", $"{Block}.transformer_blocks.0.attn2", $"{Block}.transformer_blocks.0.ff",
             $"{Block}.transformer_blocks.1.attn1", $"{Block}.transformer_blocks.1.attn2", $"{Block}.transformer_blocks.1.ff"],
            layout.Units.Select(unit => unit.Name));
        Assert.True(layout.Units[4].Covers($"{Block}.transformer_blocks.1.attn2.to_k.svdiff_delta"));
        Assert.False(layout.Units[1].Covers($"{Block}.transformer_blocks.1.attn2.to_k.svdiff_delta"));
        Assert.Equal($"{Block}.attn2", layout.Units[4].LegacyName);
    }

    [Fact]
    public void A_zero_bit_freezes_exactly_the_method_tensors_of_its_block()
    {
        // Given: SV-DIFF with only bit 2 (down_blocks.1.attentions.0) off
        var model = PeftFixture.Model();
        var bits = Enumerable.Repeat(true, 16).ToArray();
        bits[2] = false;
        var adapters = AdapterSet.Attach(model, new SvDiffConfig(), new PeftContext(PeftFixture.Identity), new LayerMask(MaskSpace.Default, bits));
        var before = PeftFixture.Snapshot(model);

        // When
        PeftFixture.Train(model, adapters);
        var after = PeftFixture.Snapshot(model);

        // Then: δ inside that block's transformer_blocks stay 0; its proj_in/norm δ (outside transformer_blocks) and other blocks' δ train
        const string gated = "down_blocks.1.attentions.0.transformer_blocks.";
        var deltas = before.Keys.Where(key => key.EndsWith("svdiff_delta", StringComparison.Ordinal)).ToList();
        Assert.All(deltas.Where(key => key.StartsWith(gated, StringComparison.Ordinal)), key => Assert.True(PeftFixture.Identical(before[key], after[key]), key));
        Assert.DoesNotContain(adapters.Trainable, entry => entry.Key.StartsWith(gated, StringComparison.Ordinal));
        Assert.False(PeftFixture.Identical(before["down_blocks.1.attentions.0.proj_in.svdiff_delta"], after["down_blocks.1.attentions.0.proj_in.svdiff_delta"]));
        Assert.False(PeftFixture.Identical(
            before["down_blocks.1.attentions.1.transformer_blocks.0.attn2.to_k.svdiff_delta"],
            after["down_blocks.1.attentions.1.transformer_blocks.0.attn2.to_k.svdiff_delta"]));
    }

    [Fact]
    public void An_attention_tuning_bit_gates_attn1_and_attn2_but_not_ff()
    {
        // Given
        var model = PeftFixture.Model();
        var bits = Enumerable.Repeat(false, 16).ToArray();

        // When
        var adapters = AdapterSet.Attach(model, new AttentionTuningConfig(), new PeftContext(PeftFixture.Identity), new LayerMask(MaskSpace.Default, bits));

        // Then
        var keys = adapters.Trainable.Select(entry => entry.Key).ToList();
        Assert.DoesNotContain(keys, key => key.Contains(".attn1.") || key.Contains(".attn2."));
        Assert.Contains("down_blocks.0.attentions.0.transformer_blocks.0.ff.net.2.weight", keys);
        Assert.Contains("down_blocks.0.attentions.0.proj_in.weight", keys);
    }

    [Fact]
    public void A_mask_with_the_wrong_bit_count_is_refused()
    {
        // Given
        var model = PeftFixture.Model();

        // When
        var error = Assert.Throws<ArgumentException>(() =>
            AdapterSet.Attach(model, new SvDiffConfig(), new PeftContext(PeftFixture.Identity), LayerMask.Parse(MaskSpace.Official13, "1,0,1")));

        // Then
        Assert.Contains("3 bits", error.Message);
        Assert.Contains("13", error.Message);
    }

    [Fact]
    public void A_mask_file_round_trips_and_refuses_another_model()
    {
        // Given
        var model = PeftFixture.Model();
        var layout = MaskLayout.For(model, MaskSpace.Official13);
        var mask = LayerMask.Parse(MaskSpace.Official13, "1,1,0,0,0,0,1,1,1,0,0,0,0");
        var config = new SvDiffConfig { Kind = SvDiffVariant.Memcontrol };
        var path = Path.Combine(Directory.CreateTempSubdirectory("mask-").FullName, "mask.json");

        // When
        MaskFile.Create(config, mask, layout, 3e-4, 1234, PeftFixture.Identity).Save(path);
        var loaded = MaskFile.Load(path, PeftFixture.Identity, space => MaskLayout.For(model, space));

        // Then
        Assert.Equal(mask, loaded.Mask);
        Assert.Equal("svdiff", loaded.Method);
        Assert.Equal("memcontrol", loaded.Variant);
        Assert.Equal(3e-4, loaded.LearningRate);
        Assert.Equal(1234, loaded.TrainableCount);
        Assert.Equal(["mid_block.attentions.0.transformer_blocks"], loaded.Blocks[6]);
        var identity = Assert.Throws<InvalidDataException>(() => MaskFile.Load(path, "other-model", space => MaskLayout.For(model, space)));
        Assert.Contains("base_model_identity", identity.Message);
        var bitCount = Assert.Throws<InvalidDataException>(() => MaskFile.Load(path, PeftFixture.Identity, _ => MaskLayout.For(model, MaskSpace.Default)));
        Assert.Contains("'bits' has 13 bits", bitCount.Message);
    }

    [Fact]
    public void The_description_counts_trainable_values_per_bit_and_in_total()
    {
        // Given
        var model = PeftFixture.Model();
        var mask = LayerMask.Parse(MaskSpace.Official13, "1,1,0,0,0,0,1,1,1,0,0,0,0");
        var config = new SvDiffConfig { Kind = SvDiffVariant.Memcontrol };

        // When
        var description = PeftDescription.Describe(model, config, mask);
        var adapters = AdapterSet.Attach(model, config, new PeftContext(PeftFixture.Identity), mask);

        // Then
        Assert.Equal(adapters.TrainableCount, description.TrainableValues);
        Assert.Equal(description.AlwaysTrainedValues + description.Bits.Where(bit => bit.On).Sum(bit => bit.Values), description.TrainableValues);
        Assert.Equal(13, description.Bits.Count);
    }

    [Fact]
    public void On_sd15_shapes_the_memcontrol_svdiff_mask_of_the_paper_trains_167229_values()
    {
        // Given: a module tree with SD-1.5's UNet shapes on the meta device (no memory, no values)
        var model = new Fakes.FakeUNet(Fakes.FakeUNetConfig.StableDiffusion15(META));
        var mask = LayerMask.Parse(MaskSpace.Official13, "1,1,0,0,0,0,1,1,1,0,0,0,0");

        // When
        var description = PeftDescription.Describe(model, new SvDiffConfig { Kind = SvDiffVariant.Memcontrol }, mask);

        // Then (docs/decisions.md §4): 167,229 of 859,520,964 = 0.0195 %
        Assert.Equal(859_520_964, description.ModelValues);
        Assert.Equal(167_229, description.TrainableValues);
        Assert.Equal(0.0195, Math.Round(description.TrainablePercent, 4));
    }
}
