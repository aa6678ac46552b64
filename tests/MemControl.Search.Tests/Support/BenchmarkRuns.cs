using MemControl.Search.Pareto;
using MemControl.Search.Problems;

namespace MemControl.Search.Tests.Support;

/// <summary>Runs a benchmark problem through a study and measures the front it found.</summary>
public static class BenchmarkRuns
{
    public static double Hypervolume(Study study, (double, double)? reference = null) =>
        MemControl.Search.Pareto.Hypervolume.Of2D(
            study.GetTrials().Where(t => t.State == TrialState.Complete).Select(t => (t.Values![0], t.Values[1])), reference ?? (1.1, 1.1));

    public static Study Run(IBenchmarkProblem problem, MemControl.Search.Samplers.ISampler sampler, int trials)
    {
        var study = Study.CreateOrLoad(new MemControl.Search.Storage.InMemoryStudyStorage(), problem.Name,
            [StudyDirection.Minimize, StudyDirection.Minimize], sampler);
        study.Optimize(problem.Evaluate, trials);
        return study;
    }

    public static double TrueHypervolume(IBenchmarkProblem problem) =>
        MemControl.Search.Pareto.Hypervolume.Of2D(problem.TrueFront(100_001), (1.1, 1.1));
}
