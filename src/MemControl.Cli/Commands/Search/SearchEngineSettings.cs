using System.ComponentModel;
using MemControl.Search.Problems;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MemControl.Cli.Commands.Search;

/// <summary>Options shared by `search bench` and `search worker`: the problem, the sampler, the budget, the storage.</summary>
public class SearchEngineSettings : CommandSettings
{
    [CommandOption("--problem <NAME>")]
    [Description("Benchmark problem: zdt1, zdt2, zdt3, zdt4, zdt6 or lotz (16-bit leading-ones/trailing-zeros).")]
    public string Problem { get; init; } = "zdt1";

    [CommandOption("--sampler <NAME>")]
    [Description("nsga2 (default) or random.")]
    public string Sampler { get; init; } = "nsga2";

    [CommandOption("--trials <N>")]
    [Description("The study's total number of complete trials; rerunning on the same storage continues to it.")]
    public int Trials { get; init; } = 500;

    [CommandOption("--population <P>")]
    [Description("NSGA-II population size (default 50).")]
    public int Population { get; init; } = 50;

    [CommandOption("--seed <S>")]
    [Description("Seed of the sampler's random numbers (workers add their index).")]
    public int? Seed { get; init; }

    [CommandOption("--crossover <NAME>")]
    [Description("Crossover of float genes: uniform (optuna's default) or sbx (simulated binary, Deb et al. 2002).")]
    public string Crossover { get; init; } = "uniform";

    [CommandOption("--mutation <NAME>")]
    [Description("Mutation of float genes: resample (optuna's default) or polynomial (Deb et al. 2002).")]
    public string Mutation { get; init; } = "resample";

    [CommandOption("--storage <URL>")]
    [Description("sqlite:///path/study.db or postgresql://user@host:port/db (password from PGPASSWORD); none = in memory.")]
    public string? Storage { get; init; }

    [CommandOption("--study <NAME>")]
    [Description("Study name (default: <problem>-<sampler>).")]
    public string? Study { get; init; }

    [CommandOption("--delay-ms <MS>")]
    [Description("Extra time each objective evaluation takes (to imitate a slow objective).")]
    public int DelayMs { get; init; }

    [CommandOption("--heartbeat-s <S>")]
    [Description("Heartbeat interval of running trials in seconds (workers; default 5).")]
    public double HeartbeatSeconds { get; init; } = 5;

    [CommandOption("--grace-s <S>")]
    [Description("A running trial silent this long is failed and re-queued (workers; default 60).")]
    public double GraceSeconds { get; init; } = 60;

    public string StudyName => Study ?? $"{Problem.ToLowerInvariant()}-{Sampler.ToLowerInvariant()}";

    public override ValidationResult Validate()
    {
        if (!BenchmarkProblems.Names.Contains(Problem.ToLowerInvariant()))
        {
            return ValidationResult.Error($"--problem: unknown problem '{Problem}'; choose one of {string.Join(", ", BenchmarkProblems.Names)}.");
        }

        if (Sampler.ToLowerInvariant() is not ("nsga2" or "random"))
        {
            return ValidationResult.Error($"--sampler: unknown sampler '{Sampler}'; choose nsga2 or random.");
        }

        if (Crossover.ToLowerInvariant() is not ("uniform" or "sbx") || Mutation.ToLowerInvariant() is not ("resample" or "polynomial"))
        {
            return ValidationResult.Error("--crossover must be uniform or sbx, --mutation resample or polynomial.");
        }

        if (Trials < 1 || Population < 2 || DelayMs < 0 || HeartbeatSeconds <= 0 || GraceSeconds <= HeartbeatSeconds)
        {
            return ValidationResult.Error("need --trials >= 1, --population >= 2, --delay-ms >= 0 and --grace-s > --heartbeat-s > 0.");
        }

        return ValidationResult.Success();
    }
}
