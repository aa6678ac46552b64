using System.Globalization;
using System.Text.Json;
using MemControl.Models.Loading;
using MemControl.Training.Checkpoints;

namespace MemControl.Tests.Reliability.Support;

/// <summary>
/// SIGKILLs a `train` process with frequent checkpoints again and again, each time rerun with <c>--resume</c>: half of
/// the kills at a seeded random moment, half the instant a checkpoint's temporary folder appears (inside the
/// checkpoint write). After every kill the checkpoint a resume would read must be whole (its state parses, its tensors
/// read); at the end the losses must equal those of an uninterrupted run of the same seed. Kills alternate, the
/// first inside a checkpoint write.
/// </summary>
public sealed class TrainKillCampaign(string model, string folder, int kills, int seed)
{
    public int Steps => (2 * kills) + 2;

    /// <summary>The training process this campaign kills: the one place that names its command line.</summary>
    public IReadOnlyList<string> TrainCommandLine(string output) =>
    [
        "train", "--model", model, "--data", "phantoms", "--phantoms", "6", "--method", "attention", "--batch", "1",
        "--steps", Steps.ToString(CultureInfo.InvariantCulture), "--checkpoint-every", "1", "--seed", "3", "--out", output, "--resume",
    ];

    public TrainKillFigures Run()
    {
        var random = new Random(seed);
        var reference = Path.Combine(folder, "reference");
        var (referenceExit, referenceOutput) = CliProcess.Run(TrainCommandLine(reference), TimeSpan.FromMinutes(15));
        if (referenceExit != 0)
        {
            throw new InvalidOperationException($"the uninterrupted run failed ({referenceExit}):\n{referenceOutput}");
        }

        var output = Path.Combine(folder, "killed");
        Directory.CreateDirectory(output);
        var (insideWrites, unreadable, resumeSeconds) = (0, new List<string>(), new List<double>());
        for (var kill = 0; kill < kills; kill++)
        {
            var atCheckpointWrite = kill % 2 == 0;
            var stepBefore = CheckpointStep(output);
            using var watcher = new FileSystemWatcher(output) { Filter = $"{TrainingCheckpoint.FolderName}.tmp-*", NotifyFilter = NotifyFilters.DirectoryName };
            CliProcess? train = null;
            var armed = false; // set once the rerun made a step of progress, so every rerun moves the run on
            using var killedInWrite = new ManualResetEventSlim();
            watcher.Created += (_, _) =>
            {
                if (Volatile.Read(ref armed) && Volatile.Read(ref train) is { } victim)
                {
                    victim.Kill(); // at once: the process has just begun writing a checkpoint
                    killedInWrite.Set();
                }
            };
            watcher.EnableRaisingEvents = true;
            train = CliProcess.Start(TrainCommandLine(output));
            using (train)
            {
                var progressed = WaitForStep(output, stepBefore + 1, train);
                resumeSeconds.Add(progressed);
                if (atCheckpointWrite)
                {
                    Volatile.Write(ref armed, true);
                    if (!killedInWrite.Wait(TimeSpan.FromMinutes(5)))
                    {
                        throw new TimeoutException($"no checkpoint write began:\n{train.Output}");
                    }
                }
                else
                {
                    // A seeded random moment, bounded in steps as well as in time: on a quiet machine 600 ms is five
                    // steps, and three such kills ran the 14-step run to its end before the campaign was over.
                    var wait = System.Diagnostics.Stopwatch.StartNew();
                    var moment = random.Next(0, 600);
                    while (wait.ElapsedMilliseconds < moment && CheckpointStep(output) < stepBefore + 2 && !train.HasExited)
                    {
                        Thread.Sleep(2);
                    }

                    train.Kill();
                }

                watcher.EnableRaisingEvents = false;
                if (train.ExitCode == 0)
                {
                    throw new InvalidOperationException($"the run finished before kill {kill}; use more steps:\n{train.Output}");
                }
            }

            insideWrites += Directory.GetDirectories(output, $"{TrainingCheckpoint.FolderName}.tmp-*").Length > 0 ? 1 : 0;
            if (WholeCheckpointProblem(output) is { } problem)
            {
                unreadable.Add($"after kill {kill}: {problem}");
            }
        }

        var (exitCode, printed) = CliProcess.Run(TrainCommandLine(output), TimeSpan.FromMinutes(15));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"the final --resume run failed ({exitCode}):\n{printed}");
        }

        return new TrainKillFigures(
            kills,
            insideWrites,
            unreadable,
            Losses(reference),
            Losses(output),
            Directory.GetDirectories(output, $"{TrainingCheckpoint.FolderName}.*").Select(Path.GetFileName).ToList()!,
            resumeSeconds);
    }

    private static IReadOnlyList<double> Losses(string output) =>
        File.ReadAllLines(Path.Combine(output, "losses.csv")).Skip(1)
            .Select(line => double.Parse(line.Split(',')[1], CultureInfo.InvariantCulture)).ToList();

    /// <summary>The step of the checkpoint a resume would read now (0 when none); tolerant of a swap in progress.</summary>
    private static int CheckpointStep(string output)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return TrainingCheckpoint.Find(output) is { } found
                    ? JsonDocument.Parse(File.ReadAllText(Path.Combine(found, "state.json"))).RootElement.GetProperty("Step").GetInt32()
                    : 0;
            }
            catch (Exception e) when (attempt < 50 && e is IOException or UnauthorizedAccessException or JsonException)
            {
                Thread.Sleep(2); // renamed under us: read again
            }
        }
    }

    private static double WaitForStep(string output, int step, CliProcess train)
    {
        while (CheckpointStep(output) < step)
        {
            if (train.HasExited)
            {
                throw new InvalidOperationException($"train exited ({train.ExitCode}) before step {step}:\n{train.Output}");
            }

            if (train.Started.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException($"train reached no step {step} in 5 minutes:\n{train.Output}");
            }

            Thread.Sleep(5);
        }

        return train.Started.Elapsed.TotalSeconds;
    }

    /// <summary>Null when the checkpoint a resume would read is whole; otherwise what is wrong with it.</summary>
    private static string? WholeCheckpointProblem(string output)
    {
        if (TrainingCheckpoint.Find(output) is not { } found)
        {
            return "no checkpoint to resume from";
        }

        try
        {
            using var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(found, "state.json")));
            var step = state.RootElement.GetProperty("Step").GetInt32();
            if (state.RootElement.GetProperty("Losses").GetArrayLength() != step)
            {
                return $"{found}: state.json has {state.RootElement.GetProperty("Losses").GetArrayLength()} losses for step {step}";
            }

            using var tensors = SafetensorsFile.Open(Path.Combine(found, "trainable.safetensors"));
            foreach (var key in tensors.Keys)
            {
                using var _ = tensors.Read(key);
            }

            return new FileInfo(Path.Combine(found, "optimizer.bin")).Length > 0 ? null : $"{found}: optimizer.bin is empty";
        }
        catch (Exception e)
        {
            return $"{found}: {e.GetType().Name}: {e.Message}";
        }
    }
}
