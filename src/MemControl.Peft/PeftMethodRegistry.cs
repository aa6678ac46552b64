using MemControl.Peft.AttentionTuning;
using MemControl.Peft.DiffFit;
using MemControl.Peft.Freeze;
using MemControl.Peft.FullFineTuning;
using MemControl.Peft.Lora;
using MemControl.Peft.SvDiff;

namespace MemControl.Peft;

/// <summary>Every PEFT method by name; the one place a new method is added (one folder per method).</summary>
public static class PeftMethodRegistry
{
    private static readonly Dictionary<string, PeftMethodRegistration> Registrations = new[]
    {
        new PeftMethodRegistration(FreezeConfig.Name, typeof(FreezeConfig), () => new FreezeConfig(),
            (config, _) => new FreezeMethod((FreezeConfig)config)),
        new PeftMethodRegistration(FullFineTuningConfig.Name, typeof(FullFineTuningConfig), () => new FullFineTuningConfig(),
            (config, _) => new FullFineTuningMethod((FullFineTuningConfig)config)),
        new PeftMethodRegistration(AttentionTuningConfig.Name, typeof(AttentionTuningConfig), () => new AttentionTuningConfig(),
            (config, _) => new AttentionTuningMethod((AttentionTuningConfig)config)),
        new PeftMethodRegistration(SvDiffConfig.Name, typeof(SvDiffConfig), () => new SvDiffConfig(),
            (config, context) => new SvDiffMethod((SvDiffConfig)config, context)),
        new PeftMethodRegistration(DiffFitConfig.Name, typeof(DiffFitConfig), () => new DiffFitConfig(),
            (config, _) => new DiffFitMethod((DiffFitConfig)config)),
        new PeftMethodRegistration(LoraConfig.Name, typeof(LoraConfig), () => new LoraConfig(),
            (config, _) => new LoraMethod((LoraConfig)config)),
    }.ToDictionary(registration => registration.Name);

    /// <summary>The registered method names.</summary>
    public static IReadOnlyCollection<string> Names => Registrations.Keys;

    /// <summary>The registration named <paramref name="name"/>; <see cref="ArgumentException"/> listing the names otherwise.</summary>
    public static PeftMethodRegistration Get(string name) =>
        Registrations.TryGetValue(name, out var registration)
            ? registration
            : throw new ArgumentException($"unknown PEFT method '{name}' (choose {string.Join(", ", Registrations.Keys)})", nameof(name));

    /// <summary>Builds the method a configuration describes.</summary>
    public static IPeftMethod Create(PeftConfig config, PeftContext context) => Get(config.Method).Create(config, context);
}
