using System.Diagnostics;
using System.Globalization;
using MemControl.Search.Problems;
using MemControl.Search.Samplers.NsgaII;
using MemControl.Storage;

namespace MemControl.Search.Tests.Support;

/// <summary>
/// A worker process for the multi-worker tests: the same <see cref="Study.Optimize"/> loop a `memcontrol search
/// worker` runs, on ZDT1 with an objective that sleeps, heartbeat every 200 ms and a 3 s grace for dead workers.
/// </summary>
public static class TestWorker
{
    // Generous against a loaded 2-core machine: a live worker's trial must not look dead.
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(3);

    public static int Run(string[] args)
    {
        var (url, name) = (args[0], args[1]);
        var trials = int.Parse(args[2], CultureInfo.InvariantCulture);
        var delay = int.Parse(args[3], CultureInfo.InvariantCulture);
        using var storage = StudyStorages.Open(url);
        var study = Study.CreateOrLoad(storage, name, [StudyDirection.Minimize, StudyDirection.Minimize],
            new NsgaIISampler(new NsgaIIOptions { PopulationSize = 8 }));
        var problem = new ZdtProblem(1);
        study.Optimize(
            trial =>
            {
                var values = problem.Evaluate(trial);
                Console.Out.WriteLine($"started {trial.Number}");
                Console.Out.Flush();
                Thread.Sleep(delay);
                return values;
            },
            trials,
            new OptimizeOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(200), StaleGrace = Grace, IdlePoll = TimeSpan.FromMilliseconds(50) });
        return 0;
    }

    /// <summary>Starts this test executable as a worker process.</summary>
    public static Process Start(string url, string study, int trials, int delayMs)
    {
        var self = Environment.ProcessPath!;
        var start = self.EndsWith("dotnet", StringComparison.Ordinal)
            ? new ProcessStartInfo(self, [typeof(TestWorker).Assembly.Location, "worker", url, study, trials.ToString(CultureInfo.InvariantCulture), delayMs.ToString(CultureInfo.InvariantCulture)])
            : new ProcessStartInfo(self, ["worker", url, study, trials.ToString(CultureInfo.InvariantCulture), delayMs.ToString(CultureInfo.InvariantCulture)]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        return Process.Start(start)!;
    }
}
