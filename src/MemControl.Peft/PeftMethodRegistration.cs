namespace MemControl.Peft;

/// <summary>One registered method: its name, its config record type and how to build it (peft's register_peft_method).</summary>
/// <param name="Name">The name in files and on the command line.</param>
/// <param name="ConfigType">The <see cref="PeftConfig"/> record read from <c>adapter.json</c>.</param>
/// <param name="DefaultConfig">The configuration used when the user gives only the name.</param>
/// <param name="Create">Builds the method from its configuration.</param>
public sealed record PeftMethodRegistration(
    string Name,
    Type ConfigType,
    Func<PeftConfig> DefaultConfig,
    Func<PeftConfig, PeftContext, IPeftMethod> Create);
