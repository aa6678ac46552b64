namespace MemControl.Models.Schedulers;

/// <summary>Builds the scheduler a diffusers <c>scheduler_config.json</c> names in <c>_class_name</c>.</summary>
public static class DiffusionSchedulers
{
    public const string Ddpm = "DDPMScheduler";
    public const string Ddim = "DDIMScheduler";
    public const string Pndm = "PNDMScheduler";

    /// <summary>The diffusers class names MemControl implements.</summary>
    public static IReadOnlyList<string> SupportedClassNames { get; } = [Ddim, Ddpm, Pndm];

    /// <summary>The scheduler for <see cref="SchedulerConfig.ClassName"/>.</summary>
    /// <exception cref="ArgumentException">The class is not supported (the message lists those that are).</exception>
    public static IDiffusionScheduler Create(SchedulerConfig config) => config.ClassName switch
    {
        Ddpm => new DdpmScheduler(config),
        Ddim => new DdimScheduler(config),
        Pndm => new PndmScheduler(config),
        _ => throw new ArgumentException(UnsupportedMessage(config.ClassName), nameof(config)),
    };

    /// <summary>Reads a <c>scheduler_config.json</c> and builds its scheduler.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is invalid or names an unsupported class.</exception>
    public static IDiffusionScheduler FromFile(string configPath) => Create(SchedulerConfig.Load(configPath));

    internal static string UnsupportedMessage(string className) =>
        $"scheduler class \"{className}\" is not supported; supported: {string.Join(", ", SupportedClassNames)}";
}
