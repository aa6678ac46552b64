using System.Globalization;

namespace MemControl.Tests.Reliability.Support;

/// <summary>What a <see cref="SearchKillCampaign"/> measured, as docs/reliability.md reports it.</summary>
public sealed record KillFigures(
    int Kills,
    int KillsDuringEvaluation,
    int TrialsRunningAtKills,
    int TrialsCompleteAtKills,
    IReadOnlyList<int> LostTrials,
    IReadOnlyList<int> KilledTrialsNotRequeued,
    int CompleteAtEnd,
    int Budget,
    int LeftRunningOrWaiting,
    IReadOnlyList<double> ResumeSeconds,
    double FinalRunSeconds)
{
    public override string ToString()
    {
        var resume = ResumeSeconds.Count == 0
            ? "n/a"
            : string.Create(CultureInfo.InvariantCulture, $"median {Median(ResumeSeconds):0.00} s, max {ResumeSeconds.Max():0.00} s over {ResumeSeconds.Count} restarts");
        return string.Create(CultureInfo.InvariantCulture,
            $"kills {Kills} ({KillsDuringEvaluation} during evaluation, {Kills - KillsDuringEvaluation} with an instant objective); "
            + $"trials complete at a kill {TrialsCompleteAtKills}, lost {LostTrials.Count}; trials running at a kill {TrialsRunningAtKills}, "
            + $"not failed+re-queued {KilledTrialsNotRequeued.Count}; complete at end {CompleteAtEnd}/{Budget}; time to resume {resume}");
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
