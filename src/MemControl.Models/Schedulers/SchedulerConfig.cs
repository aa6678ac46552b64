using System.Text.Json;
using MemControl.Models.Configuration;

namespace MemControl.Models.Schedulers;

/// <summary>
/// A noise scheduler's settings, as diffusers writes them to <c>scheduler/scheduler_config.json</c>. Keys a file leaves
/// out take the defaults of the scheduler class it names (diffusers does the same and lists them in
/// <c>_use_default_values</c>), so <see cref="Load"/> needs <c>_class_name</c> first.
/// </summary>
public sealed record SchedulerConfig
{
    /// <summary>diffusers' class name (<c>_class_name</c>): one of <see cref="DiffusionSchedulers.SupportedClassNames"/>.</summary>
    public required string ClassName { get; init; }

    /// <summary>T, the number of forward-process steps the model was trained with (<c>num_train_timesteps</c>).</summary>
    public int NumTrainTimesteps { get; init; } = 1000;

    /// <summary>β of the first training step (<c>beta_start</c>).</summary>
    public double BetaStart { get; init; } = 0.0001;

    /// <summary>β of the last training step (<c>beta_end</c>).</summary>
    public double BetaEnd { get; init; } = 0.02;

    /// <summary>Layout of β between start and end (<c>beta_schedule</c>).</summary>
    public BetaSchedule BetaSchedule { get; init; } = BetaSchedule.Linear;

    /// <summary>Explicit β_1..β_T (<c>trained_betas</c>); when set, it replaces start, end and schedule.</summary>
    public IReadOnlyList<double>? TrainedBetas { get; init; }

    /// <summary>What the network predicts (<c>prediction_type</c>).</summary>
    public PredictionType PredictionType { get; init; } = PredictionType.Epsilon;

    /// <summary>How inference timesteps are spaced (<c>timestep_spacing</c>).</summary>
    public TimestepSpacing TimestepSpacing { get; init; } = TimestepSpacing.Leading;

    /// <summary>Added to every leading-spaced inference timestep (<c>steps_offset</c>; 1 for SD-1.x).</summary>
    public int StepsOffset { get; init; }

    /// <summary>
    /// Whether the step after the last one uses ᾱ = 1 (a clean image) or ᾱ_0 (<c>set_alpha_to_one</c>; false for SD-1.x).
    /// </summary>
    public bool SetAlphaToOne { get; init; }

    /// <summary>Whether the predicted x₀ is clamped to ±<see cref="ClipSampleRange"/> (<c>clip_sample</c>; DDPM and DDIM only).</summary>
    public bool ClipSample { get; init; }

    /// <summary>Bound of <see cref="ClipSample"/> (<c>clip_sample_range</c>).</summary>
    public double ClipSampleRange { get; init; } = 1.0;

    /// <summary>The full set of class defaults diffusers uses for <paramref name="className"/>.</summary>
    /// <exception cref="ArgumentException">The class is not one MemControl supports.</exception>
    public static SchedulerConfig Defaults(string className) => className switch
    {
        // DDPMScheduler.__init__ and DDIMScheduler.__init__ defaults: linear 1e-4 → 0.02, clip_sample on.
        DiffusionSchedulers.Ddpm => new SchedulerConfig { ClassName = className, ClipSample = true },
        DiffusionSchedulers.Ddim => new SchedulerConfig { ClassName = className, ClipSample = true, SetAlphaToOne = true },
        // PNDMScheduler.__init__: no clipping, set_alpha_to_one off.
        DiffusionSchedulers.Pndm => new SchedulerConfig { ClassName = className },
        _ => throw new ArgumentException(DiffusionSchedulers.UnsupportedMessage(className), nameof(className)),
    };

    /// <summary>
    /// Stable Diffusion 1.x's schedule (the <c>scheduler_config.json</c> of runwayml/stable-diffusion-v1-5 for PNDM): β
    /// scaled_linear 0.00085 → 0.012 over 1000 steps, steps_offset 1, set_alpha_to_one off, no clipping.
    /// </summary>
    public static SchedulerConfig StableDiffusion15(string className = DiffusionSchedulers.Pndm) => Defaults(className) with
    {
        BetaStart = 0.00085,
        BetaEnd = 0.012,
        BetaSchedule = BetaSchedule.ScaledLinear,
        StepsOffset = 1,
        SetAlphaToOne = false,
        ClipSample = false,
    };

    /// <summary>Reads a diffusers <c>scheduler_config.json</c>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not a JSON object, names no or an unsupported <c>_class_name</c>, or a key has a wrong or unsupported value.
    /// </exception>
    public static SchedulerConfig Load(string configPath)
    {
        if (!File.Exists(configPath))
        {
            throw new FileNotFoundException($"scheduler config '{configPath}' does not exist", configPath);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(configPath));
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{configPath}: not valid JSON ({error.Message})", error);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{configPath}: expected a JSON object, found {root.ValueKind}");
            }

            if (!root.TryGetProperty("_class_name", out var className) || className.ValueKind != JsonValueKind.String)
            {
                throw new InvalidDataException($"{configPath}: key '_class_name' is missing or not a string");
            }

            return FromJson(root, className.GetString()!, configPath);
        }
    }

    /// <summary>
    /// Reads the keys of a diffusers scheduler config object for <paramref name="className"/>; <paramref name="source"/>
    /// names the file in error messages.
    /// </summary>
    /// <exception cref="InvalidDataException">The class is not supported, or a key has a wrong or unsupported value.</exception>
    public static SchedulerConfig FromJson(JsonElement config, string className, string source)
    {
        if (!DiffusionSchedulers.SupportedClassNames.Contains(className))
        {
            throw new InvalidDataException($"{source}: key '_class_name': {DiffusionSchedulers.UnsupportedMessage(className)}");
        }

        var reader = DiffusersConfigReader.FromElement(config, source);
        var defaults = Defaults(className);
        var result = defaults with
        {
            NumTrainTimesteps = reader.Int("num_train_timesteps", defaults.NumTrainTimesteps),
            BetaStart = reader.Double("beta_start", defaults.BetaStart),
            BetaEnd = reader.Double("beta_end", defaults.BetaEnd),
            BetaSchedule = reader.Choice("beta_schedule", defaults.BetaSchedule, BetaScheduleNames),
            TrainedBetas = reader.DoubleListOrNull("trained_betas"),
            PredictionType = reader.Choice("prediction_type", defaults.PredictionType, PredictionTypeNames),
            TimestepSpacing = reader.Choice("timestep_spacing", defaults.TimestepSpacing, TimestepSpacingNames),
            StepsOffset = reader.Int("steps_offset", defaults.StepsOffset),
            SetAlphaToOne = reader.Bool("set_alpha_to_one", defaults.SetAlphaToOne),
            ClipSample = reader.Bool("clip_sample", defaults.ClipSample),
            ClipSampleRange = reader.Double("clip_sample_range", defaults.ClipSampleRange),
        };

        // Options diffusers has that MemControl does not implement: refuse them rather than sample differently.
        reader.RequireSupported("thresholding", false);
        reader.RequireSupported("rescale_betas_zero_snr", false);
        if (className == DiffusionSchedulers.Ddpm)
        {
            reader.RequireSupported("variance_type", "fixed_small");
        }

        if (className == DiffusionSchedulers.Pndm)
        {
            // PNDMScheduler defaults to skip_prk_steps = false (Runge-Kutta warm-up); SD-1.x configs set it to true.
            reader.RequireSupported("skip_prk_steps", true, valueWhenMissing: false);
        }

        if (result.FindProblem() is { } problem)
        {
            throw new InvalidDataException($"{source}: key '{problem.Key}' {problem.Message}");
        }

        return result;
    }

    /// <summary>The first key whose value cannot define a schedule, with what is wrong; null when usable.</summary>
    internal (string Key, string Message)? FindProblem()
    {
        if (NumTrainTimesteps < 1)
        {
            return ("num_train_timesteps", $"must be at least 1, found {NumTrainTimesteps}");
        }

        if (TrainedBetas is { } betas)
        {
            if (betas.Count != NumTrainTimesteps)
            {
                return ("trained_betas", $"must hold num_train_timesteps = {NumTrainTimesteps} values, found {betas.Count}");
            }

            if (betas.Any(beta => !(beta is >= 0 and < 1)))
            {
                return ("trained_betas", "must hold values in [0, 1)");
            }
        }
        else
        {
            if (!(BetaStart is >= 0 and < 1))
            {
                return ("beta_start", $"must be in [0, 1), found {BetaStart}");
            }

            if (!(BetaEnd is >= 0 and < 1))
            {
                return ("beta_end", $"must be in [0, 1), found {BetaEnd}");
            }
        }

        if (StepsOffset < 0)
        {
            return ("steps_offset", $"must not be negative, found {StepsOffset}");
        }

        if (!(ClipSampleRange > 0))
        {
            return ("clip_sample_range", $"must be positive, found {ClipSampleRange}");
        }

        return null;
    }

    private static readonly Dictionary<string, BetaSchedule> BetaScheduleNames = new()
    {
        ["linear"] = BetaSchedule.Linear,
        ["scaled_linear"] = BetaSchedule.ScaledLinear,
        ["squaredcos_cap_v2"] = BetaSchedule.SquaredcosCapV2,
    };

    private static readonly Dictionary<string, PredictionType> PredictionTypeNames = new()
    {
        ["epsilon"] = PredictionType.Epsilon,
        ["v_prediction"] = PredictionType.VPrediction,
    };

    private static readonly Dictionary<string, TimestepSpacing> TimestepSpacingNames = new()
    {
        ["leading"] = TimestepSpacing.Leading,
        ["trailing"] = TimestepSpacing.Trailing,
        ["linspace"] = TimestepSpacing.Linspace,
    };
}
