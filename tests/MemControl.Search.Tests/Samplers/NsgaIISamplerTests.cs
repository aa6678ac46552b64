using System.Text.Json;
using MemControl.Search.Problems;
using MemControl.Search.Samplers;
using MemControl.Search.Samplers.NsgaII;
using MemControl.Search.Storage;
using MemControl.Search.Tests.Support;

namespace MemControl.Search.Tests.Samplers;

public sealed class NsgaIISamplerTests
{
    [Fact]
    public void Generation_zero_fills_a_population_then_parents_are_chosen_and_stored_once()
    {
        // Given: population 10
        var sampler = new NsgaIISampler(new NsgaIIOptions { PopulationSize = 10, Seed = 1 });
        var study = Study.CreateOrLoad(new InMemoryStudyStorage(), "s", [StudyDirection.Minimize, StudyDirection.Minimize], sampler);

        // When
        study.Optimize(new ZdtProblem(1).Evaluate, 25);

        // Then
        var trials = study.GetTrials();
        Assert.All(trials.Take(10), t => Assert.Equal(0, t.SystemAttributeInt(NsgaIISampler.GenerationKey)));
        Assert.All(trials.Skip(10).Take(10), t => Assert.Equal(1, t.SystemAttributeInt(NsgaIISampler.GenerationKey)));
        Assert.Equal(2, trials[20].SystemAttributeInt(NsgaIISampler.GenerationKey));
        var parents = JsonSerializer.Deserialize<int[]>(study.Storage.GetStudySystemAttribute(study.StudyId, "nsga2:parents:1")!)!;
        Assert.Equal(Enumerable.Range(0, 10), parents.Order());
        var parents2 = JsonSerializer.Deserialize<int[]>(study.Storage.GetStudySystemAttribute(study.StudyId, "nsga2:parents:2")!)!;
        Assert.Equal(10, parents2.Distinct().Count());
    }

    [Fact]
    public void A_new_sampler_on_the_same_storage_resumes_the_generations()
    {
        // Given: a study stopped after 15 trials of population 10
        var storage = new InMemoryStudyStorage();
        var first = Study.CreateOrLoad(storage, "s", [StudyDirection.Minimize, StudyDirection.Minimize], new NsgaIISampler(new NsgaIIOptions { PopulationSize = 10, Seed = 1 }));
        first.Optimize(new ZdtProblem(1).Evaluate, 15);

        // When: a fresh process (new sampler) continues to 25
        var second = Study.Load(storage, "s", new NsgaIISampler(new NsgaIIOptions { PopulationSize = 10, Seed = 2 }));
        second.Optimize(new ZdtProblem(1).Evaluate, 25);

        // Then
        var generations = second.GetTrials().Select(t => t.SystemAttributeInt(NsgaIISampler.GenerationKey)).ToList();
        Assert.Equal(25, generations.Count);
        Assert.Equal(10, generations.Count(g => g == 1));
        Assert.Equal(2, generations[^1]);
    }

    [Fact]
    public void Children_of_bit_genes_take_each_bit_from_a_parent_when_nothing_mutates()
    {
        // Given: a parent population whose bits 0..3 are all 1 and bits 4..7 all 0
        var options = new NsgaIIOptions { CrossoverProbability = 1, MutationProbability = 0, Seed = 3 };
        var space = Enumerable.Range(0, 8).ToDictionary(i => $"b{i}", _ => (MemControl.Search.Distributions.ParameterDistribution)new MemControl.Search.Distributions.BoolDistribution());
        var parents = Enumerable.Range(0, 6).Select(n => new FrozenTrial
        {
            TrialId = n,
            Number = n,
            State = TrialState.Complete,
            Values = [n, 6 - n],
            Params = Enumerable.Range(0, 8).ToDictionary(i => $"b{i}", i => i < 4 ? 1.0 : 0.0),
        }).ToList();

        // When
        var children = Enumerable.Range(0, 50).Select(_ => new ChildGeneration(options, new Random(_)).Generate(space, parents, [StudyDirection.Minimize, StudyDirection.Minimize])).ToList();

        // Then
        Assert.All(children, c => Assert.Equal([1.0, 1, 1, 1, 0, 0, 0, 0], Enumerable.Range(0, 8).Select(i => c[$"b{i}"])));
    }

    [Fact]
    public void Default_mutation_leaves_out_about_one_gene_in_n_for_resampling()
    {
        // Given: 20 float genes, crossover always, mutation 1/20
        var options = new NsgaIIOptions { CrossoverProbability = 1, Seed = 4 };
        var space = Enumerable.Range(0, 20).ToDictionary(i => $"x{i}", _ => (MemControl.Search.Distributions.ParameterDistribution)new MemControl.Search.Distributions.FloatDistribution(0, 1));
        var parents = Enumerable.Range(0, 4).Select(n => new FrozenTrial
        {
            TrialId = n, Number = n, State = TrialState.Complete, Values = [n, -n],
            Params = Enumerable.Range(0, 20).ToDictionary(i => $"x{i}", _ => 0.5),
        }).ToList();
        var generation = new ChildGeneration(options, new Random(5));

        // When
        var left = Enumerable.Range(0, 2000).Sum(_ => 20 - generation.Generate(space, parents, [StudyDirection.Minimize, StudyDirection.Maximize]).Count);

        // Then: expected 2000 × 20 × 1/20 = 2000 genes left out (binomial sd ≈ 44)
        Assert.InRange(left, 1800, 2200);
    }

    [Fact]
    public void On_zdt1_nsga2_reaches_a_larger_hypervolume_than_random_search()
    {
        // Given
        var problem = new ZdtProblem(1);

        // When
        var nsga = BenchmarkRuns.Hypervolume(BenchmarkRuns.Run(problem, new NsgaIISampler(new NsgaIIOptions { Seed = 7 }), 600), (5, 5));
        var random = BenchmarkRuns.Hypervolume(BenchmarkRuns.Run(problem, new RandomSampler(7), 600), (5, 5));

        // Then: random search on 30 genes stays far from the front (g ≫ 1); NSGA-II moves towards it.
        // (The reference point is (5, 5): after only 12 generations few points are inside (1.1, 1.1).)
        Assert.True(nsga > random + 0.5, $"NSGA-II {nsga:F4} vs random {random:F4}");
    }

    [Fact]
    public void On_lotz_nsga2_finds_most_of_the_true_front()
    {
        // Given
        var problem = new LotzProblem(8);

        // When
        var study = BenchmarkRuns.Run(problem, new NsgaIISampler(new NsgaIIOptions { PopulationSize = 20, Seed = 8 }), 600);

        // Then
        Assert.True(BenchmarkRuns.Hypervolume(study) > 0.9 * BenchmarkRuns.TrueHypervolume(problem));
    }

    [Fact]
    public void Simulated_binary_crossover_and_polynomial_mutation_stay_within_bounds()
    {
        // Given
        var random = new Random(9);
        var crossover = new SimulatedBinaryCrossover();
        var mutation = new PolynomialMutation();

        // When
        var children = Enumerable.Range(0, 1000).Select(_ => crossover.Crossover([[0.0, 0.99], [1.0, 0.01]], [0, 0], [1, 1], random)).ToList();
        var mutants = Enumerable.Range(0, 1000).Select(_ => mutation.Mutate(0.999, 0, 1, random)).ToList();

        // Then
        Assert.All(children.SelectMany(c => c), v => Assert.InRange(v, 0, 1));
        Assert.All(mutants, v => Assert.InRange(v, 0, 1));
        Assert.Contains(mutants, v => v != 0.999);
    }
}
