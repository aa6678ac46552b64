using System.Globalization;
using System.Text.Json;
using MemControl.Search.Distributions;

namespace MemControl.Search.Samplers.NsgaII;

/// <summary>
/// NSGA-II (Deb et al. 2002) as optuna's NSGAIISampler runs it on a study that grows trial by trial:
/// <list type="number">
/// <item>Each trial is given a generation when it starts (system attribute <c>nsga2:generation</c>): the highest
/// generation that has complete trials, or the next one once that generation has
/// <see cref="NsgaIIOptions.PopulationSize"/> complete trials.</item>
/// <item>Generation 0 is drawn at random.</item>
/// <item>The parents of generation g are the elite (<see cref="EliteSelection"/>) of the complete trials of
/// generation g−1 together with the parents of g−1. They are chosen once and stored as a study attribute
/// (<c>nsga2:parents:g</c>, first writer wins), so every worker on every machine breeds from the same parents and
/// a restarted worker resumes.</item>
/// <item>A child is bred by <see cref="ChildGeneration"/>.</item>
/// </list>
/// Bookkeeping is incremental (each trial is counted once), so the cost of an ask does not grow with the study.
/// </summary>
public sealed class NsgaIISampler : ISampler
{
    public const string GenerationKey = "nsga2:generation";
    public const string ParentsKeyPrefix = "nsga2:parents:";

    private readonly NsgaIIOptions options;
    private readonly Random random;
    private readonly EliteSelection elite;
    private readonly ChildGeneration children;
    private readonly FinishedTrialScan scan = new();
    private readonly Dictionary<int, List<FrozenTrial>> completeByGeneration = [];
    private readonly Dictionary<int, IReadOnlyList<FrozenTrial>> parentsByGeneration = [];
    private readonly Dictionary<long, int> generationOfTrial = [];

    public NsgaIISampler(NsgaIIOptions? options = null)
    {
        this.options = options ?? new NsgaIIOptions();
        if (this.options.CrossoverProbability is < 0 or > 1)
        {
            throw new ArgumentException($"the crossover probability must be in [0, 1], got {this.options.CrossoverProbability}.");
        }

        if (this.options.MutationProbability is < 0 or > 1)
        {
            throw new ArgumentException($"the mutation probability must be in [0, 1], got {this.options.MutationProbability}.");
        }

        random = this.options.Seed is { } seed ? new Random(seed) : new Random();
        elite = new EliteSelection(this.options.PopulationSize);
        children = new ChildGeneration(this.options, random);
    }

    public NsgaIIOptions Options => options;

    public void BeforeTrial(Study study, FrozenTrial trial)
    {
        var generation = trial.SystemAttributeInt(GenerationKey) ?? CurrentGeneration(study);
        if (trial.SystemAttributeInt(GenerationKey) is null)
        {
            study.Storage.SetTrialSystemAttribute(trial.TrialId, GenerationKey, generation.ToString(CultureInfo.InvariantCulture));
        }

        generationOfTrial.Clear(); // only the trial being asked is needed
        generationOfTrial[trial.TrialId] = generation;
    }

    public IReadOnlyDictionary<string, double> SampleRelative(
        Study study, FrozenTrial trial, IReadOnlyDictionary<string, ParameterDistribution> searchSpace)
    {
        var generation = generationOfTrial.TryGetValue(trial.TrialId, out var g) ? g : CurrentGeneration(study);
        if (generation == 0 || searchSpace.Count == 0)
        {
            return new Dictionary<string, double>();
        }

        return children.Generate(searchSpace, ParentPopulation(study, generation), study.Directions);
    }

    public double SampleIndependent(Study study, FrozenTrial trial, string name, ParameterDistribution distribution) =>
        UniformDraw.From(distribution, random);

    /// <summary>The generation a trial starting now belongs to (step 1 of the class summary).</summary>
    public int CurrentGeneration(Study study)
    {
        Index(study);
        if (completeByGeneration.Count == 0)
        {
            return 0;
        }

        var highest = completeByGeneration.Keys.Max();
        return completeByGeneration[highest].Count >= options.PopulationSize ? highest + 1 : highest;
    }

    /// <summary>The parents of a generation (step 3 of the class summary); empty for generation 0.</summary>
    public IReadOnlyList<FrozenTrial> ParentPopulation(Study study, int generation)
    {
        if (generation <= 0)
        {
            return [];
        }

        if (parentsByGeneration.TryGetValue(generation, out var cached))
        {
            return cached;
        }

        var key = ParentsKeyPrefix + generation.ToString(CultureInfo.InvariantCulture);
        var stored = study.Storage.GetStudySystemAttribute(study.StudyId, key);
        if (stored is null)
        {
            Index(study);
            var candidates = completeByGeneration.GetValueOrDefault(generation - 1, [])
                .Concat(ParentPopulation(study, generation - 1))
                .DistinctBy(t => t.Number)
                .ToList();
            var selected = elite.Select(candidates, study.Directions, random);
            stored = study.Storage.SetStudySystemAttributeIfAbsent(
                study.StudyId, key, JsonSerializer.Serialize(selected.Select(t => t.Number).ToArray()));
        }

        var numbers = JsonSerializer.Deserialize<int[]>(stored)!;
        var trials = study.Trials;
        if (numbers.Any(n => n >= trials.Count || trials[n].State != TrialState.Complete))
        {
            trials = study.GetTrials(); // another worker chose parents that finished after our last refresh
        }

        var parents = numbers.Select(n => trials[n]).ToList();
        parentsByGeneration[generation] = parents;
        return parents;
    }

    /// <summary>Counts newly completed trials into their generation, once each.</summary>
    private void Index(Study study)
    {
        foreach (var trial in scan.NewlyFinished(study.Trials))
        {
            if (trial.State == TrialState.Complete && trial.SystemAttributeInt(GenerationKey) is { } generation)
            {
                if (!completeByGeneration.TryGetValue(generation, out var members))
                {
                    completeByGeneration[generation] = members = [];
                }

                members.Add(trial);
            }
        }
    }
}
