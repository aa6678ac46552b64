using System.Globalization;
using MemControl.Training;

namespace MemControl.Workflow.Benchmark;

/// <summary>Training progress of benchmark rows as plain log lines: about ten per row.</summary>
public static class BenchmarkStepLines
{
    public static Action<BenchmarkRow, TrainingProgress> Every10th(int steps, Action<string> log)
    {
        var every = Math.Max(1, steps / 10);
        return (row, p) =>
        {
            if (p.Step % every == 0 || p.Step == p.TotalSteps)
            {
                log(string.Create(CultureInfo.InvariantCulture,
                    $"{row.Id}: step {p.Step}/{p.TotalSteps}  loss {(double.IsFinite(p.Loss) ? p.Loss.ToString("0.00000", CultureInfo.InvariantCulture) : "— (batch emptied)")}"));
            }
        };
    }
}
