using System.Diagnostics;
using System.Text.Json;
using MemControl.Data;
using MemControl.Data.Images;
using MemControl.Metrics.Features;
using MemControl.Metrics.Memorization;
using MemControl.Metrics.Quality;
using MemControl.Models.Pipelines;
using MemControl.Models.Runtime;
using MemControl.Models.Schedulers;
using MemControl.Peft;
using MemControl.Peft.SvDiff;
using MemControl.Peft.Adapters;
using MemControl.Peft.Masks;
using MemControl.Search;
using MemControl.Training;
using MemControl.Training.Caching;
using SkiaSharp;
using static TorchSharp.torch;
using MemControl.Workflow.BaseModels;
using MemControl.Workflow.FineTuning;
using MemControl.Workflow.Reports;

namespace MemControl.Workflow.Search;

/// <summary>
/// The MemControl objective, one trial = one fine-tuning (docs/decisions.md §5, §6): restore the base UNet weights saved when the
/// objective was built (no trial sees another's weights), attach the method with the trial's mask, fine-tune on D_HPO
/// at the trial's learning rate, then measure (1) the memorization objective on the memorization set with draws fixed
/// for every trial and (2) FD-ResNet18 between images generated for the validation prompts (fixed seeds) and their real
/// images. Both are minimised. A trial that throws (NaN loss, out of memory) fails in the study with the reason.
/// Writes <c>trials/&lt;n&gt;/</c> (mask.json, metrics.json, samples.png) under the method's folder.
/// </summary>
public sealed class MemControlObjective : IDisposable
{
    /// <summary>Seed offset of the copying samples, so they never share noise with the FD generations.</summary>
    private const int CopyingSeedOffset = 100_000;

    private const int GenerationBatch = 8;

    private const int GridImages = 8;

    /// <summary>(sample, timestep) pairs per probe call; each call runs twice this (conditional and empty caption).</summary>
    private const int ProbeBatch = 16;

    /// <summary>User attribute of a trial that reused a finished twin's values.</summary>
    public const string DuplicateOfAttribute = "duplicate_of";

    private readonly SearchOptions options;
    private readonly StableDiffusion model;
    private readonly Dictionary<string, Tensor> baseWeights;
    private readonly MemorizationObjective memorization;
    private readonly List<IDisposable> owned = [];
    private readonly OnnxImageFeatureExtractor featurizer;
    private readonly FeatureMatrix realValidationFeatures;
    private readonly IImageCaptionDataset hpoTraining;
    private readonly IReadOnlyList<string> memorizationPrompts;
    private readonly IReadOnlyList<string> validationPrompts;

    /// <summary>
    /// SV-DIFF's SVDs of the pristine weights, shared by every trial: each trial restores those weights, so the
    /// decomposition never changes, and at SD-1.5 size computing it again per trial costs minutes (docs/scale.md).
    /// </summary>
    private readonly SvdCache svdCache;
    private readonly Action<AttachProgress>? setupProgress;
    private readonly int imageSide;

    /// <summary>The SVD cache's folder inside the search folder.</summary>
    public const string SvdCacheFolder = "svd-cache";

    /// <param name="options">The search's settings.</param>
    /// <param name="method">svdiff, difffit or attention.</param>
    /// <param name="folder">The method's folder; trials go to <c>trials/&lt;n&gt;/</c> inside.</param>
    /// <param name="log">Where slow set-up progress goes (SV-DIFF's SVDs at SD-1.5 size); null = nowhere.</param>
    public MemControlObjective(SearchOptions options, string method, string folder, Action<string>? log = null)
    {
        this.options = options;
        Folder = folder;
        setupProgress = log is null ? null : new SetupProgressLines(log).Report;

        // On disk in the search folder, so other workers, a resumed search and later runs on the same folder
        // read the factors instead of decomposing every weight again (minutes at SD-1.5 size, docs/scale.md).
        svdCache = new SvdCache(Path.Combine(Path.GetFullPath(options.Output), SvdCacheFolder), PrecisionCast.DTypeOf(options.Scale.MixedPrecision));
        Config = MethodChoice.Config(method, null);
        (model, Identity) = BaseModel.Load(options.Model);
        try
        {
            Layout = MaskLayout.For(model.Unet, MaskSpaces.Parse(options.Space));
            BaseModel.MoveTo(model, options.Device);
            // Mixed precision casts the frozen model once, before the base weights are kept and the probes encoded,
            // so every trial trains, probes and generates in the same dtype (docs/scale.md); a bad resolution or
            // precision for this model is refused here, before any trial runs.
            PrecisionCast.Apply(model, options.Scale.MixedPrecision);
            imageSide = PrecisionCast.ImageSide(model, options.Scale.Resolution);
            if (options.Scale.CacheLatents)
            {
                LatentCache.RequireApplies(model);
            }

            model.SetEvaluationMode();

            // The pristine UNet, on the CPU: every trial starts from a copy of it (attention tuning and DiffFit train
            // some base tensors in place, so detaching the adapter alone would not undo a trial).
            baseWeights = model.Unet.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value.detach().cpu().clone());

            Data = SearchData.Build(options);
            hpoTraining = Data.Memorization.HpoTraining;
            memorizationPrompts = Data.Memorization.Memorization.Items.Select(item => item.Caption).ToList();
            validationPrompts = Data.Validation.Items.Select(item => item.Caption).ToList();
            memorization = BuildMemorizationObjective();

            if (!ResNet18Featurizer.IsAvailable)
            {
                throw new FileNotFoundException($"the ResNet-18 feature model for FD is missing at '{ResNet18Featurizer.ModelPath}'", ResNet18Featurizer.ModelPath);
            }

            featurizer = ResNet18Featurizer.Create(batchSize: 16, intraOpThreads: options.TorchThreads ?? 0);
            using var real = LoadImages(Data.Validation);
            realValidationFeatures = featurizer.Extract(real);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The user attribute of a trial holding its trainable count.</summary>
    public const string TrainableCountAttribute = "trainable_count";

    public PeftConfig Config { get; }

    /// <summary>The base model's identity (config hash) that every mask.json records.</summary>
    public string Identity { get; }

    public MaskLayout Layout { get; }

    /// <summary>Method, identity and layout: what turns this study's genes into mask files.</summary>
    public MaskContext Masks => new(Config, Identity, Layout);

    public SearchData Data { get; }

    /// <summary>How many weight SVDs the trials so far computed (SV-DIFF; 0 for the other methods): each weight once.</summary>
    public int SvdComputations => svdCache.ComputedCount;

    public string Folder { get; }

    /// <summary>The folder of trial <paramref name="number"/>.</summary>
    public string TrialFolder(int number) => Path.Combine(Folder, "trials", number.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Runs one trial and returns (memorization, FD).</summary>
    public IReadOnlyList<double> Evaluate(Trial trial, Action<TrainingProgress>? onStep = null, CancellationToken cancellationToken = default)
    {
        var (mask, learningRate) = MaskGenes.Suggest(trial, Layout, options.LearningRates);
        if (trial.FinishedTwin() is { } twin)
        {
            return Reuse(trial, twin, mask, learningRate);
        }

        RestoreBaseWeights();
        var context = new PeftContext(Identity, svdCache, Progress: setupProgress);
        var adapter = AdapterSet.Attach(model.Unet, Config, context, mask);
        svdCache.Save(); // writes only SVDs computed since the last save: nothing after the first SV-DIFF trial

        try
        {
            var tuneOptions = options.Scale.ApplyTo(
                new FineTuneOptions { Steps = options.Steps, BatchSize = options.BatchSize, LearningRate = learningRate, Seed = options.Seed },
                runFolder: Path.GetDirectoryName(Path.GetFullPath(options.Output)));
            var training = new FineTuner(model, adapter, tuneOptions).Run(hpoTraining, onStep: onStep, cancellationToken: cancellationToken);

            var clock = Stopwatch.StartNew();
            model.SetEvaluationMode();
            var score = memorization.Evaluate(new UnetNoisePredictor(model), SampleMemorizationPrompt);
            cancellationToken.ThrowIfCancellationRequested();
            using var generated = Generate(validationPrompts.SelectMany(prompt => Enumerable.Repeat(prompt, options.ValidationSamplesPerPrompt)).ToList(), options.Seed);
            var fd = FrechetDistance.Between(realValidationFeatures, featurizer.Extract(generated));
            var metrics = new TrialMetrics(
                TrialMetrics.CurrentVersion, trial.Number, Config.Method, options.Space, mask.Bits.Select(b => b ? 1 : 0).ToList(), learningRate,
                adapter.TrainableCount, memorization.Kind.ToString().ToLowerInvariant(), score.Value, fd, score.PerSample, score.PlainValue,
                training.Steps, training.Losses.LastOrDefault(double.IsFinite, double.NaN), training.Seconds, clock.Elapsed.TotalSeconds);
            WriteTrial(trial.Number, mask, learningRate, adapter.TrainableCount, metrics, generated);
            trial.SetUserAttribute(TrainableCountAttribute, adapter.TrainableCount);
            trial.SetUserAttribute("seconds", Math.Round(training.Seconds + metrics.EvaluateSeconds, 3));
            return [score.Value, fd];
        }
        finally
        {
            adapter.Detach();
        }
    }

    public void Dispose()
    {
        featurizer?.Dispose();
        owned.ForEach(d => d.Dispose());
        foreach (var tensor in baseWeights?.Values ?? Enumerable.Empty<Tensor>())
        {
            tensor.Dispose();
        }

        model?.Dispose();
    }

    private MemorizationObjective BuildMemorizationObjective()
    {
        switch (options.Objective)
        {
            case MemorizationObjectiveKind.Copying:
            {
                var reference = LoadImages(Data.CopyingReference);
                owned.Add(reference);
                var own = Enumerable.Range(0, memorizationPrompts.Count).ToList();
                return MemorizationObjective.Copying(reference, own, options.SamplesPerPrompt, aggregation: options.EffectiveAggregation);
            }

            case MemorizationObjectiveKind.Ratio:
                return MemorizationObjective.Ratio(Probe(Data.Memorization.Memorization, 1), Probe(Data.PlainPrompts, 2), options.EffectiveAggregation);

            default:
                return MemorizationObjective.Paper(Probe(Data.Memorization.Memorization, 1), options.EffectiveAggregation);
        }
    }

    /// <summary>Denoising-strength probe with draws fixed by the seed (docs/decisions.md §6: the same for every trial).</summary>
    private DenoisingStrengthProbe Probe(IImageCaptionDataset items, int stream)
    {
        Tensor latents, states, empty;
        using (var scope = NewDisposeScope())
        {
            using var images = LoadImages(items);
            latents = model.ImagesToLatents(images, sample: false).MoveToOuterDisposeScope();
            states = model.EncodePrompts(items.Items.Select(item => item.Caption).ToList()).MoveToOuterDisposeScope();
            empty = model.EncodePrompts([string.Empty]).MoveToOuterDisposeScope();
        }

        // Built outside any dispose scope: the probe keeps its own copies and its draws for the whole search.
        using (latents)
        using (states)
        using (empty)
        {
            var schedule = new NoiseSchedule(model.SchedulerConfig);
            var probe = new DenoisingStrengthProbe(latents, states, empty, schedule.AddNoise, options.ProbeTimesteps, seed: (options.Seed * 1_000_003L) + stream,
                trainTimesteps: schedule.NumTrainTimesteps, batchSize: ProbeBatch);
            owned.Add(probe);
            return probe;
        }
    }

    /// <summary>Samples of memorization prompt p in [-1, 1], from seeds that are the same for every trial.</summary>
    private Tensor SampleMemorizationPrompt(int prompt, int count)
    {
        using var scope = NewDisposeScope();
        var images = Generate(Enumerable.Repeat(memorizationPrompts[prompt], count).ToList(), options.Seed + CopyingSeedOffset + (prompt * 1000));
        return images.Times(2).Minus(1).MoveToOuterDisposeScope();
    }

    /// <summary>Images [N, C, H, W] in [0, 1] on the CPU for the prompts, in batches; image i's noise comes from seed + i's batch.</summary>
    private Tensor Generate(IReadOnlyList<string> prompts, long seed)
    {
        var pipeline = TextToImagePipeline.For(model);
        var parts = new List<Tensor>();
        try
        {
            for (var start = 0; start < prompts.Count; start += GenerationBatch)
            {
                var batch = prompts.Skip(start).Take(GenerationBatch).ToList();
                parts.Add(pipeline.Generate(new GenerationRequest(batch, Steps: options.GenerationSteps, GuidanceScale: options.GuidanceScale, Height: imageSide, Seed: seed + start)));
            }

            return cat(parts, 0);
        }
        finally
        {
            parts.ForEach(p => p.Dispose());
        }
    }

    /// <summary>The items' images at the search's resolution and the model's channels, in [-1, 1], [N, C, H, W] on the CPU.</summary>
    private Tensor LoadImages(IImageCaptionDataset items)
    {
        var size = imageSide;
        var preprocessor = new ImagePreprocessor(size, model.ImageChannels);
        var rows = new List<Tensor>();
        try
        {
            for (var i = 0; i < items.Items.Count; i++)
            {
                rows.Add(preprocessor.ToTensor(items.LoadImage(i, size)));
            }

            return stack(rows, 0);
        }
        finally
        {
            rows.ForEach(r => r.Dispose());
        }
    }

    private void RestoreBaseWeights()
    {
        using var noGrad = no_grad();
        foreach (var (name, tensor) in model.Unet.state_dict())
        {
            tensor.copy_(baseWeights[name]);
        }
    }

    /// <summary>
    /// A trial whose genes a finished trial already had: every trial trains from the same base weights with the same
    /// seeded draws, so it would measure the same values. They are reused and the twin's files copied, marked as such.
    /// </summary>
    private IReadOnlyList<double> Reuse(Trial trial, FrozenTrial twin, LayerMask mask, double learningRate)
    {
        var folder = TrialFolder(trial.Number);
        var twinFolder = TrialFolder(twin.Number);
        var files = new ReportFiles();
        var twinMetrics = Path.Combine(twinFolder, SearchFiles.TrialMetrics);
        if (File.Exists(twinMetrics))
        {
            var metrics = JsonSerializer.Deserialize<TrialMetrics>(File.ReadAllText(twinMetrics), SearchJson.Options)!;
            files.AddText(SearchFiles.TrialMetrics, JsonSerializer.Serialize(
                metrics with { Trial = trial.Number, TrainSeconds = 0, EvaluateSeconds = 0, DuplicateOf = twin.Number }, SearchJson.Options));
        }

        // The twin's folder is on another machine when a remote worker ran it: then only its values travel.
        if (File.Exists(Path.Combine(twinFolder, SearchFiles.TrialSamples)))
        {
            files.Add(SearchFiles.TrialSamples, File.ReadAllBytes(Path.Combine(twinFolder, SearchFiles.TrialSamples)));
        }

        var trainable = twin.UserAttributes.TryGetValue(TrainableCountAttribute, out var count) ? count.GetInt64() : 0;
        Directory.CreateDirectory(folder);
        MaskFile.Create(Config, mask, Layout, learningRate, trainable, Identity).Save(Path.Combine(folder, SearchFiles.Mask));
        files.WriteTo(folder);
        trial.SetUserAttribute(TrainableCountAttribute, trainable);
        trial.SetUserAttribute(DuplicateOfAttribute, twin.Number);
        trial.SetUserAttribute("seconds", 0.0);
        return twin.Values!;
    }

    private void WriteTrial(int number, LayerMask mask, double learningRate, long trainableCount, TrialMetrics metrics, Tensor generated)
    {
        var folder = TrialFolder(number);
        Directory.CreateDirectory(folder);
        MaskFile.Create(Config, mask, Layout, learningRate, trainableCount, Identity).Save(Path.Combine(folder, SearchFiles.Mask));
        var shown = (int)Math.Min(GridImages, generated.shape[0]);
        var images = Enumerable.Range(0, shown).Select(i => ToImage(generated[i])).ToList();
        new ReportFiles()
            .AddText(SearchFiles.TrialMetrics, JsonSerializer.Serialize(metrics, SearchJson.Options))
            .Add(SearchFiles.TrialSamples, ImageEncoder.Encode(ImageGrid.Compose(images, Math.Min(4, shown)), SKEncodedImageFormat.Png))
            .WriteTo(folder);
    }

    /// <summary>[C, H, W] in [0, 1] → planar <see cref="ImageData"/> (its own layout).</summary>
    private static ImageData ToImage(Tensor image)
    {
        using var contiguous = image.contiguous();
        return new ImageData((int)image.shape[0], (int)image.shape[1], (int)image.shape[2], contiguous.data<float>().ToArray());
    }
}
