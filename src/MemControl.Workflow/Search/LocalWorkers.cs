using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using MemControl.Workflow.Processes;

namespace MemControl.Workflow.Search;

/// <summary>
/// Runs one method's study with <c>--workers W</c> local processes (this program's <c>search worker --objective
/// memcontrol</c>), all sharing the study's storage. libtorch's intra-op threads are per process, so each worker gets
/// an equal share of the cores (or <c>--threads</c>) instead of W processes each using all of them.
/// </summary>
public static class LocalWorkers
{
    public static void Run(SearchOptions options, string method, string methodFolder, Action refresh, ISearchProgress progress, CancellationToken cancellationToken)
    {
        var threads = options.TorchThreads ?? Math.Max(1, Environment.ProcessorCount / options.Workers);
        var lines = new ConcurrentQueue<string>();
        var processes = new List<Process>();
        var errors = new List<RecentLines>();
        try
        {
            for (var index = 0; index < options.Workers; index++)
            {
                var process = Process.Start(StartInfo(options, method, index, threads))
                    ?? throw new InvalidOperationException("could not start a worker process");
                var prefix = $"worker {index}: ";

                // Trial lines go to the display; stderr (libtorch's warnings, a crash) is kept and shown if the worker fails.
                var error = new RecentLines();
                errors.Add(error);
                process.OutputDataReceived += (_, e) => { if (!string.IsNullOrWhiteSpace(e.Data)) { lines.Enqueue(prefix + e.Data); } };
                process.ErrorDataReceived += (_, e) => { if (!string.IsNullOrWhiteSpace(e.Data)) { error.Add(prefix + e.Data); } };
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                processes.Add(process);
            }

            progress.Status($"{method}: {options.Workers} worker processes with {threads} torch thread(s) each");
            while (!processes.All(p => p.HasExited))
            {
                if (cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(1)))
                {
                    break;
                }

                while (lines.TryDequeue(out var line))
                {
                    progress.Status(line);
                }

                refresh();
            }

            while (lines.TryDequeue(out var line))
            {
                progress.Status(line);
            }

            var failed = Enumerable.Range(0, processes.Count).Where(i => processes[i].HasExited && processes[i].ExitCode != 0).ToList();
            if (failed.Count > 0 && !cancellationToken.IsCancellationRequested)
            {
                foreach (var line in failed.SelectMany(i => errors[i]))
                {
                    progress.Status(line);
                }

                progress.Status($"{failed.Count} of {processes.Count} worker processes exited with an error (their last lines are above)");
            }
        }
        finally
        {
            foreach (var process in processes)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                process.Dispose();
            }
        }
    }

    private static ProcessStartInfo StartInfo(SearchOptions options, string method, int index, int threads)
    {
        string[] arguments =
        [
            .. WorkerCommands.Search, "--objective", "memcontrol", "--settings", Path.Combine(Path.GetFullPath(options.Output), SearchFiles.Summary),
            "--method", method, "--worker-index", index.ToString(CultureInfo.InvariantCulture), "--threads", threads.ToString(CultureInfo.InvariantCulture),
            "--parent", Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
        ];

        return MemControlProgram.StartInfo(arguments);
    }
}
