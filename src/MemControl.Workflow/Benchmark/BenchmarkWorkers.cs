using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using MemControl.Workflow.Processes;

namespace MemControl.Workflow.Benchmark;

/// <summary>
/// Runs a benchmark's rows side by side: each row in its own <c>benchmark-worker</c> process, at most W at a time, each
/// with an equal share of the cores (rows are independent fine-tunings from the same base model, and libtorch's
/// thread pool is per process). The plan goes to <c>benchmark/plan.json</c> so every worker runs exactly this
/// benchmark. A worker writes only its row's folder; the caller writes the tables once all have finished.
/// </summary>
public static class BenchmarkWorkers
{
    public const string PlanFile = "plan.json";

    private const string ErrorPrefix = "memcontrol:";

    /// <summary>
    /// Runs <paramref name="rows"/> (unfinished ones, in the order given) and returns the rows whose worker failed. After
    /// a user's mistake (exit 2 or 3: every row would fail the same way) no further row is started.
    /// </summary>
    public static IReadOnlyList<WorkerFailure> Run(BenchmarkPlan plan, IReadOnlyList<BenchmarkRow> rows, int workers, Action<string> log, CancellationToken cancellationToken)
    {
        var planPath = WritePlan(plan);
        var threads = Math.Max(1, Environment.ProcessorCount / Math.Min(workers, rows.Count));
        log($"{rows.Count} rows, {Math.Min(workers, rows.Count)} at a time, each in a worker process with {threads} torch thread(s)");

        var waiting = new Queue<BenchmarkRow>(rows);
        var running = new List<Worker>();
        var lines = new ConcurrentQueue<string>();
        var failed = new List<WorkerFailure>();
        try
        {
            while (waiting.Count > 0 || running.Count > 0)
            {
                while (running.Count < workers && waiting.Count > 0)
                {
                    running.Add(Worker.Start(planPath, waiting.Dequeue(), threads, lines));
                }

                if (cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(500)))
                {
                    break;
                }

                foreach (var worker in running.Where(w => w.Process.HasExited).ToList())
                {
                    worker.Process.WaitForExit(); // drains its asynchronous output readers
                    Flush(lines, log);
                    if (worker.Process.ExitCode != 0)
                    {
                        failed.Add(new WorkerFailure(worker.Row.Id, worker.Process.ExitCode, worker.ErrorMessage));
                        foreach (var line in worker.Errors)
                        {
                            log(line);
                        }

                        log($"{worker.Row.Id}: its worker exited with code {worker.Process.ExitCode}");
                        if (worker.Process.ExitCode is ExitCodes.BadUsage or ExitCodes.BadInput or ExitCodes.Interrupted)
                        {
                            waiting.Clear();
                        }
                    }

                    worker.Process.Dispose();
                    running.Remove(worker);
                }

                Flush(lines, log);
            }
        }
        finally
        {
            foreach (var worker in running)
            {
                if (!worker.Process.HasExited)
                {
                    worker.Process.Kill(entireProcessTree: true);
                }

                worker.Process.Dispose();
            }
        }

        Flush(lines, log);
        cancellationToken.ThrowIfCancellationRequested();
        return failed;
    }

    /// <summary>
    /// Writes <paramref name="plan"/> to <c>benchmark/plan.json</c> (of its part) and returns the file's path: what every
    /// <c>benchmark-worker</c> reads, whether this process starts it or a Slurm array task does.
    /// </summary>
    public static string WritePlan(BenchmarkPlan plan)
    {
        Directory.CreateDirectory(plan.BenchmarkFolder);
        var planPath = Path.Combine(plan.BenchmarkFolder, PlanFile);
        BenchmarkJson.Write(planPath, plan);
        return planPath;
    }

    /// <summary>
    /// The <c>benchmark-worker</c> arguments that run <paramref name="rows"/> of the plan in <paramref name="planPath"/>;
    /// <paramref name="parent"/> is the process whose end stops the worker (null: none, as for a Slurm task, whose
    /// submitting process is long gone).
    /// </summary>
    public static IReadOnlyList<string> WorkerArguments(string planPath, string rows, string threads, int? parent)
    {
        List<string> arguments = [WorkerCommands.Benchmark, "--plan", planPath, "--rows", rows, "--threads", threads];
        if (parent is { } pid)
        {
            arguments.AddRange(["--parent", pid.ToString(CultureInfo.InvariantCulture)]);
        }

        return arguments;
    }

    private static void Flush(ConcurrentQueue<string> lines, Action<string> log)
    {
        while (lines.TryDequeue(out var line))
        {
            log(line);
        }
    }

    /// <summary>One row's process; its standard output is forwarded line by line, its last error lines kept.</summary>
    private sealed record Worker(BenchmarkRow Row, Process Process, RecentLines Errors)
    {
        /// <summary>The last line starting "memcontrol:" (how a failing memcontrol states its error), without the prefix.</summary>
        public string? ErrorMessage { get; private set; }

        public static Worker Start(string planPath, BenchmarkRow row, int threads, ConcurrentQueue<string> lines)
        {
            var start = MemControlProgram.StartInfo(
                WorkerArguments(planPath, row.Id, threads.ToString(CultureInfo.InvariantCulture), Environment.ProcessId));
            start.Environment["NO_COLOR"] = "1";
            start.Environment["COLUMNS"] = "4000"; // one message per line, not wrapped at 80
            var process = Process.Start(start) ?? throw new InvalidOperationException($"{row.Id}: could not start a worker process");
            var worker = new Worker(row, process, new RecentLines());
            process.OutputDataReceived += (_, e) =>
            {
                if (!string.IsNullOrWhiteSpace(e.Data))
                {
                    lines.Enqueue(e.Data);
                    // The last such line: the memcontrol row's own log lines start with its id, "memcontrol:", too,
                    // and an error is the last thing a failing process prints.
                    if (e.Data.StartsWith(ErrorPrefix, StringComparison.Ordinal))
                    {
                        worker.ErrorMessage = e.Data[ErrorPrefix.Length..].Trim();
                    }
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (!string.IsNullOrWhiteSpace(e.Data))
                {
                    worker.Errors.Add($"{row.Id} worker: {e.Data}");

                    // memcontrol writes its errors to standard error: the last "memcontrol:" line there is the row's error.
                    if (e.Data.StartsWith(ErrorPrefix, StringComparison.Ordinal))
                    {
                        worker.ErrorMessage = e.Data[ErrorPrefix.Length..].Trim();
                    }
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return worker;
        }
    }
}
