using System.Text.Json;
using MemControl.Models.Loading;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Training.Checkpoints;

/// <summary>
/// A resumable training checkpoint in a folder: <c>trainable.safetensors</c> (the trainable tensors and, when on, their
/// EMA), <c>optimizer.bin</c> (AdamW moments, TorchSharp's format) and <c>state.json</c> (step, seed, losses).
/// Written whole into a temporary folder and then swapped in by renames, so a crash at any moment leaves either the
/// previous checkpoint or the new one — never half of one — and a reader never sees a partial folder.
/// The data position and every random draw are functions of (seed, step), so no RNG state needs saving.
/// </summary>
public static class TrainingCheckpoint
{
    public const string FolderName = "checkpoint";

    private const string TensorsFile = "trainable.safetensors";
    private const string OptimizerFile = "optimizer.bin";
    private const string StateFile = "state.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Writes the checkpoint of <paramref name="state"/> under <paramref name="runDirectory"/>; returns its folder.</summary>
    public static string Write(
        string runDirectory,
        TrainingState state,
        IReadOnlyList<Tensor> trainable,
        IReadOnlyList<Tensor>? ema,
        OptimizerHelper optimizer)
    {
        Directory.CreateDirectory(runDirectory);
        var final = Path.Combine(runDirectory, FolderName);
        var temporary = Path.Combine(runDirectory, $"{FolderName}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var previous = Path.Combine(runDirectory, $"{FolderName}.previous");
        DeleteAbandonedWrites(runDirectory);
        Directory.CreateDirectory(temporary);
        try
        {
            var tensors = new Dictionary<string, Tensor>();
            for (var i = 0; i < trainable.Count; i++)
            {
                tensors[$"trainable.{i}"] = trainable[i].detach().cpu();
                if (ema is not null)
                {
                    tensors[$"ema.{i}"] = ema[i].detach().cpu();
                }
            }

            SafetensorsWriter.Write(Path.Combine(temporary, TensorsFile), tensors);
            optimizer.save_state_dict(Path.Combine(temporary, OptimizerFile));
            File.WriteAllText(Path.Combine(temporary, StateFile), JsonSerializer.Serialize(state, Json));

            // Swap: final → previous, temporary → final, then drop previous. A crash between the two renames leaves
            // only 'previous', which Find() also accepts.
            if (Directory.Exists(previous))
            {
                Directory.Delete(previous, recursive: true);
            }

            if (Directory.Exists(final))
            {
                Directory.Move(final, previous);
            }

            Directory.Move(temporary, final);
            if (Directory.Exists(previous))
            {
                Directory.Delete(previous, recursive: true);
            }

            return final;
        }
        catch
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }

            throw;
        }
    }

    /// <summary>
    /// Deletes temporary folders of writes a killed process never finished (one run writes to a folder at a time, and
    /// <see cref="Find"/> never reads them); without this, every kill inside a write would leave one behind.
    /// </summary>
    private static void DeleteAbandonedWrites(string runDirectory)
    {
        foreach (var abandoned in Directory.GetDirectories(runDirectory, $"{FolderName}.tmp-*"))
        {
            Directory.Delete(abandoned, recursive: true);
        }
    }

    /// <summary>
    /// Deletes every checkpoint under <paramref name="runDirectory"/> (the current one, the previous one of an interrupted
    /// swap, unfinished writes): a run that starts afresh must not leave an earlier run's checkpoint for a later resume.
    /// </summary>
    public static void DeleteAll(string runDirectory)
    {
        if (!Directory.Exists(runDirectory))
        {
            return;
        }

        // The three names Write uses, and nothing else: a user's own copy (checkpoint.step500) stays.
        foreach (var folder in Directory.GetDirectories(runDirectory, $"{FolderName}*")
                     .Where(path => Path.GetFileName(path) is var name
                         && (name == FolderName || name == $"{FolderName}.previous" || name.StartsWith($"{FolderName}.tmp-", StringComparison.Ordinal))))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The complete checkpoint folder under <paramref name="runDirectory"/>, or null when there is none.</summary>
    public static string? Find(string runDirectory)
    {
        foreach (var name in new[] { FolderName, $"{FolderName}.previous" })
        {
            var folder = Path.Combine(runDirectory, name);
            if (File.Exists(Path.Combine(folder, StateFile)))
            {
                return folder;
            }
        }

        return null;
    }

    /// <summary>The step of the checkpoint <see cref="Find"/> finds under <paramref name="runDirectory"/>, or null without a readable one.</summary>
    public static int? StepOf(string runDirectory)
    {
        try
        {
            return Find(runDirectory) is { } folder
                ? JsonSerializer.Deserialize<TrainingState>(File.ReadAllText(Path.Combine(folder, StateFile)))?.Step
                : null;
        }
        catch (Exception error) when (error is JsonException or IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads a checkpoint back into the given trainable tensors, EMA copies and optimizer (all in place); returns its
    /// state. A checkpoint of another run (seed, method or mask) is an <see cref="InvalidDataException"/>.
    /// </summary>
    public static TrainingState Read(
        string folder,
        int expectedSeed,
        IReadOnlyList<Tensor> trainable,
        IReadOnlyList<Tensor>? ema,
        OptimizerHelper optimizer)
    {
        var statePath = Path.Combine(folder, StateFile);
        TrainingState state;
        try
        {
            state = JsonSerializer.Deserialize<TrainingState>(File.ReadAllText(statePath))
                ?? throw new InvalidDataException($"{statePath}: empty");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{statePath}: not a training state ({error.Message})", error);
        }

        var count = trainable.Sum(t => t.numel());
        if (state.Seed != expectedSeed || state.TrainableCount != count)
        {
            throw new InvalidDataException(
                $"{folder}: this checkpoint belongs to another run (seed {state.Seed}, {state.TrainableCount} trainable values; "
                + $"this run: seed {expectedSeed}, {count}). Use another output folder, or start afresh instead of resuming.");
        }

        using var file = SafetensorsFile.Open(Path.Combine(folder, TensorsFile));
        using (no_grad())
        {
            for (var i = 0; i < trainable.Count; i++)
            {
                CopyInto(file, $"trainable.{i}", trainable[i]);
                if (ema is not null)
                {
                    CopyInto(file, $"ema.{i}", ema[i]);
                }
            }
        }

        optimizer.load_state_dict(Path.Combine(folder, OptimizerFile));
        return state;
    }

    private static void CopyInto(SafetensorsFile file, string key, Tensor target)
    {
        if (!file.Contains(key))
        {
            throw new InvalidDataException($"{file.Path}: '{key}' is missing");
        }

        using var stored = file.Read(key);
        if (!stored.shape.SequenceEqual(target.shape))
        {
            throw new InvalidDataException($"{file.Path}: '{key}' has shape [{string.Join(", ", stored.shape)}], expected [{string.Join(", ", target.shape)}]");
        }

        target.copy_(stored);
    }
}
