using System.Globalization;
using System.Text.Json;
using MemControl.Data;
using MemControl.Data.FashionMnist;
using MemControl.Data.Manifests;
using MemControl.Data.Phantoms;
using MemControl.Data.Splits;
using MemControl.Models.Loading;
using MemControl.Training;
using MemControl.Training.Pretraining;
using MemControl.Workflow.FineTuning;
using TorchSharp;

namespace MemControl.Workflow.Pretraining;

/// <summary>
/// Trains a base model of the SD-1.x classes from scratch (UNet, text encoder, its own BPE tokenizer) — how the
/// built-in model under models/builtin-small was made. The folder is assembled under a temporary name and renamed when
/// complete, with pretrain.json (the exact options, the losses, the time), loss.png, and the figures that show it is a
/// reasonable base (samples.png: 8 samples per class; FD-ResNet18 against held-out images).
/// </summary>
public static class PretrainRunner
{
    /// <summary>Synthetic reports added to the tokenizer's corpus, so report words are whole tokens (their embeddings stay untrained).</summary>
    private const int ReportCorpusSize = 2000;

    /// <summary>
    /// Runs <paramref name="request"/>: <paramref name="log"/> gets the stage lines, <paramref name="onStep"/> every step.
    /// Returns what pretrain.json holds.
    /// </summary>
    public static PretrainSummary Run(PretrainRequest request, Action<string> log, Action<TrainingProgress>? onStep = null, CancellationToken cancellationToken = default) =>
        Run(request, log, new StepCallbackDisplay(onStep), cancellationToken);

    /// <summary>As above, with the training loop (only the loop, not the set-up or the check after) shown by <paramref name="display"/>.</summary>
    public static PretrainSummary Run(PretrainRequest request, Action<string> log, ITrainingDisplay display, CancellationToken cancellationToken = default)
    {
        request.Validate();
        var output = Path.GetFullPath(request.Output);
        if (Directory.Exists(output) || File.Exists(output))
        {
            throw new ArgumentException($"{nameof(PretrainRequest.Output)}: '{output}' already exists; pre-training writes a new model folder");
        }

        var threadsBefore = torch.get_num_threads();
        torch.set_num_threads(request.Threads);
        try
        {
            return Pretrain(request, output, log, display, cancellationToken);
        }
        finally
        {
            torch.set_num_threads(threadsBefore);
        }
    }

    private static PretrainSummary Pretrain(PretrainRequest request, string output, Action<string> log, ITrainingDisplay display, CancellationToken cancellationToken)
    {
        var options = request.Training;
        var recipe = request.Recipe;
        var (train, heldOut) = OpenData(request.Data);
        var corpus = train.Items.Select(item => item.Caption).Distinct()
            .Concat(PhantomDataset.Create(new PhantomOptions { Count = ReportCorpusSize, Seed = 0 }).Items.Select(item => item.Caption));

        var staging = output + ".partial";
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        using var model = UntrainedPipeline.Create(recipe, corpus, staging, options.Seed);
        log($"pre-training {recipe.Name}: UNet {model.Unet.parameters().Sum(p => p.numel()):N0} + text encoder {model.TextEncoder.parameters().Sum(p => p.numel()):N0} parameters, "
            + $"vocabulary {model.Tokenizer.VocabularySize:N0}, on {train.Items.Count:N0} images of {train.Name}, {options.Steps} steps of batch {options.BatchSize}");
        var result = display.Show(options.Steps, onStep => new Pretrainer(model, options).Run(train, onStep, cancellationToken));
        UntrainedPipeline.SaveWeights(model, staging);

        var check = PretrainCheck.Run(model, train, heldOut, request.FdImages, options.Seed, staging, log, cancellationToken);
        File.WriteAllBytes(Path.Combine(staging, "loss.png"), LossPlot.Png(result.Losses, $"pre-training loss ({recipe.Name})"));
        var summary = new PretrainSummary(
            PretrainSummary.CurrentVersion,
            recipe.Name,
            recipe.Description,
            $"memcontrol pretrain --data {request.Data} --config {recipe.Name} --steps {options.Steps} --batch {options.BatchSize} --lr {options.LearningRate.ToString(CultureInfo.InvariantCulture)} --seed {options.Seed} --threads {request.Threads} --fd-images {request.FdImages} --out DIR",
            train.Name,
            train.Items.Count,
            options,
            model.Unet.parameters().Sum(p => p.numel()),
            model.TextEncoder.parameters().Sum(p => p.numel()),
            model.Tokenizer.VocabularySize,
            result.Seconds,
            result.Losses.TakeLast(50).Average(),
            result.Losses,
            check);
        AtomicFile.WriteText(Path.Combine(staging, PretrainSummary.FileName), JsonSerializer.Serialize(summary, PretrainSummary.JsonOptions));
        Directory.Move(staging, output);
        return summary;
    }

    private static (IImageCaptionDataset Train, IImageCaptionDataset HeldOut) OpenData(string data)
    {
        var all = data == PretrainRequest.FashionMnist
            ? FashionMnistDataset.Open(FashionMnistDataset.DebianFolder)
            : ManifestDataset.Open(data);

        // A manifest without a split column is split by subject (docs/decisions.md §2), as the other commands do.
        var splits = all.Items.Any(item => item.Split is null)
            ? SubjectSplitter.Assign(all.Items, new SplitOptions())
            : [.. all.Items.Select(item => item.Split!.Value)];
        var train = Split(all, splits, DatasetSplit.Train);
        if (train.Items.Count == 0)
        {
            throw new InvalidDataException($"Data: '{data}': no image is in the train split");
        }

        var heldOut = Split(all, splits, DatasetSplit.Test);
        return (train, heldOut.Items.Count > 0 ? heldOut : Split(all, splits, DatasetSplit.Validation));
    }

    private static DatasetView Split(IImageCaptionDataset dataset, IReadOnlyList<DatasetSplit> splits, DatasetSplit split) =>
        new(dataset, Enumerable.Range(0, dataset.Items.Count).Where(i => splits[i] == split), $"{dataset.Name}[{DatasetSplitNames.ToName(split)}]");
}
