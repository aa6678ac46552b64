using static TorchSharp.torch;

namespace MemControl.Models.Schedulers;

/// <summary>
/// What every sampler shares: the configuration, the noise schedule (and so the forward process), the timestep list
/// (every training timestep, descending, until <see cref="SetTimesteps"/> chooses), and an identity input scaling.
/// Subclasses define the reverse <see cref="Step"/> and may visit timesteps differently (PNDM repeats one).
/// </summary>
public abstract class DiffusionScheduler : IDiffusionScheduler
{
    protected DiffusionScheduler(SchedulerConfig config)
    {
        Config = config;
        NoiseSchedule = new NoiseSchedule(config);
        TimestepList = Enumerable.Range(0, config.NumTrainTimesteps).Select(t => (long)(config.NumTrainTimesteps - 1 - t)).ToArray();
    }

    public SchedulerConfig Config { get; }

    public NoiseSchedule NoiseSchedule { get; }

    public IReadOnlyList<long> Timesteps => TimestepList;

    public double InitNoiseSigma => 1.0;

    /// <summary>The number of steps chosen by <see cref="SetTimesteps"/>; null while every training timestep is listed.</summary>
    public int? NumInferenceSteps { get; protected set; }

    /// <summary>The timesteps in the order the sampler visits them.</summary>
    protected long[] TimestepList { get; set; }

    /// <summary>Picks the timesteps by <see cref="SchedulerConfig.TimestepSpacing"/> (leading + steps_offset for SD-1.x).</summary>
    public virtual void SetTimesteps(int numInferenceSteps)
    {
        TimestepList = InferenceTimesteps.Descending(Config, numInferenceSteps);
        NumInferenceSteps = numInferenceSteps;
    }

    public Tensor ScaleModelInput(Tensor sample, long timestep) => sample.alias();

    /// <inheritdoc cref="NoiseSchedule.AddNoise"/>
    public Tensor AddNoise(Tensor originalSamples, Tensor noise, Tensor timesteps) =>
        NoiseSchedule.AddNoise(originalSamples, noise, timesteps);

    public abstract Tensor Step(Tensor modelOutput, long timestep, Tensor sample, Generator? generator = null);
}
