using MemControl.Metrics.Memorization;
using static TorchSharp.torch;

namespace MemControl.Tests.Metrics;

public class ExtractionAttackTests
{
    // Uniform noise in [-1, 1]: two such images differ by RMS ≈ 0.41 on the [0, 1] scale, far above τ = 0.206.
    private static Tensor Noise(Generator generator, long count) => rand([count, 3, 32, 32], generator: generator) * 2 - 1;

    private static Tensor NearCopies(Tensor image, long count, Generator generator) =>
        (image.expand(count, -1, -1, -1) + randn([count, 3, 32, 32], generator: generator) * 0.02f).clamp(-1, 1);

    [Fact]
    public void Finds_exactly_the_planted_groups_of_near_copies()
    {
        // Given: prompt 0: 4 near-copies of its training image at positions 1, 3, 6, 8 among 6 noise images;
        // prompt 1: 10 noise images and 2 near-copies (below the group size 3)
        using var generator = new Generator(7);
        var training = rand([2, 3, 32, 32], generator: generator) * 2 - 1;
        var first = Noise(generator, 10);
        var copies = NearCopies(training[0].unsqueeze(0), 4, generator);
        int[] planted = [1, 3, 6, 8];
        for (var i = 0; i < planted.Length; i++)
        {
            first[planted[i]] = copies[i];
        }

        var second = cat([Noise(generator, 10), NearCopies(training[1].unsqueeze(0), 2, generator)], 0);

        // When
        var result = ExtractionAttack.Run([(first, training[0].unsqueeze(0)), (second, training[1].unsqueeze(0))]);

        // Then
        Assert.True(result.Prompts[0].Extracted);
        Assert.Equal(planted, result.Prompts[0].LargestGroup);
        Assert.True(result.Prompts[0].MatchesTrainingImage);
        Assert.False(result.Prompts[1].Extracted);
        Assert.Equal([10, 11], result.Prompts[1].LargestGroup);
        Assert.Equal(1, result.ExtractedCount);
        Assert.Equal(1, result.ExtractedMatchingTrainingCount);
    }

    [Fact]
    public void A_group_that_copies_no_training_image_is_extracted_but_not_matching()
    {
        // Given: 3 near-copies of an image that is not the prompt's training image
        using var generator = new Generator(8);
        var other = rand([1, 3, 32, 32], generator: generator) * 2 - 1;
        var trainingImage = rand([1, 3, 32, 32], generator: generator) * 2 - 1;
        var generations = cat([NearCopies(other, 3, generator), Noise(generator, 3)], 0);

        // When
        var verdict = ExtractionAttack.AttackPrompt(0, generations, trainingImage);

        // Then
        Assert.True(verdict.Extracted);
        Assert.False(verdict.MatchesTrainingImage);
        Assert.True(verdict.NearestTrainingDistance > 0.3);
    }

    [Fact]
    public void One_different_tile_breaks_a_link()
    {
        // Given: two identical images except one 8 × 8 tile replaced by noise (whole-image RMS stays small)
        using var generator = new Generator(9);
        var image = rand([1, 3, 32, 32], generator: generator) * 2 - 1;
        var changed = image.clone();
        changed[0, .., ..8, ..8] = rand([3, 8, 8], generator: generator) * 2 - 1;

        // When
        var tiled = PixelDistance.MaxTileRms(image, changed)[0, 0];
        var whole = PixelDistance.Rms(image, changed)[0, 0];

        // Then: one tile of 16 carries all the difference: tile RMS = 4 × whole-image RMS
        Assert.Equal(4 * whole, tiled, 1e-9);
        Assert.True(tiled > 0.206);
    }

    [Fact]
    public void Cliques_need_every_pair_linked_where_components_only_need_a_chain()
    {
        // Given: a chain a ~ b ~ c with a and c too far apart: b is halfway (in one tile-uniform shift) between them
        var a = full([1, 3, 16, 16], -0.3f);
        var b = full([1, 3, 16, 16], -0.0f);
        var c = full([1, 3, 16, 16], 0.3f); // a–b and b–c differ by 0.15 ([0, 1] scale), a–c by 0.3 > τ
        var generations = cat([a, b, c], 0);

        // When
        var components = ExtractionAttack.AttackPrompt(0, generations, null);
        var cliques = ExtractionAttack.AttackPrompt(0, generations, null, new ExtractionAttackOptions { Grouping = ExtractionGrouping.Cliques });

        // Then
        Assert.True(components.Extracted);
        Assert.Equal([0, 1, 2], components.LargestGroup);
        Assert.False(cliques.Extracted);
        Assert.Equal(2, cliques.LargestGroup.Count);
    }

    [Fact]
    public void The_training_baseline_gives_each_image_its_nearest_other_tiled_distance()
    {
        // Given: constant images at -0.8, -0.6 and 0.8 → tiled distances 0.1 (first two) and 0.7 / 0.8 to the third
        var training = cat([full([1, 1, 8, 8], -0.8f), full([1, 1, 8, 8], -0.6f), full([1, 1, 8, 8], 0.8f)], 0);

        // When
        var baseline = ExtractionAttack.TrainingBaseline(training);

        // Then (float32 inputs: 6 digits): two of three real images would already be "linked" at the official τ
        Assert.Equal([0.1, 0.1, 0.7], baseline.Values.Select(v => Math.Round(v, 6)));
        Assert.Equal(2 / 3.0, baseline.ShareBelow(0.206), 1e-12);
    }
}
