using MemControl.Models.Runtime;
using MemControl.Peft;
using MemControl.Peft.Masks;
using MemControl.Training;
using static MemControl.Workflow.Requirements;

namespace MemControl.Workflow.FineTuning;

/// <summary>
/// One fine-tuning run into a run folder, as <c>memcontrol train</c> makes it (<see cref="TrainRunner.Run"/>): a base model,
/// data, a PEFT method with an optional mask and mitigation, and the fine-tuner's options.
/// </summary>
public sealed record TrainRequest
{
    /// <summary>A diffusers model folder or <c>builtin</c>.</summary>
    public required string Model { get; init; }

    /// <summary>A manifest CSV, or <see cref="DataSources.Phantoms"/> for built-in synthetic images.</summary>
    public required string Data { get; init; }

    /// <summary>How many phantoms when <see cref="Data"/> is the phantoms.</summary>
    public int Phantoms { get; init; } = 64;

    /// <summary>Whether the manifest may name images outside its own folder.</summary>
    public bool AllowPathsOutsideRoot { get; init; }

    /// <summary>The PEFT method and variant.</summary>
    public required PeftConfig Config { get; init; }

    /// <summary>A mask.json path, the bits themselves (e.g. <c>1,0,1</c>), or null for no mask.</summary>
    public string? Mask { get; init; }

    /// <summary>The mask space the bits are read in (see <see cref="MethodChoice.Mask"/>).</summary>
    public string Space { get; init; } = "default";

    /// <summary>The memorization mitigation trained with (none, RWA, threshold).</summary>
    public MitigationChoice Mitigation { get; init; } = new(MitigationKind.None);

    /// <summary>The fine-tuner's options (steps, batch, learning rate, seed, checkpoints, scale).</summary>
    public required FineTuneOptions Training { get; init; }

    /// <summary>cpu, cuda or cuda:N.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>The run folder: adapter, losses, plot, train.json and checkpoints.</summary>
    public required string Output { get; init; }

    /// <summary>Continue from the last checkpoint in <see cref="Output"/> (the kept settings must match).</summary>
    public bool Resume { get; init; }

    /// <summary>Train over a finished run in <see cref="Output"/>.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first property (of this or <see cref="Training"/>) that is wrong.</summary>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Model), $"{nameof(Model)}: a model folder or 'builtin' is required");
        Require(!string.IsNullOrWhiteSpace(Data), $"{nameof(Data)}: a manifest or '{DataSources.Phantoms}' is required");
        Require(!string.IsNullOrWhiteSpace(Output), $"{nameof(Output)}: the run folder is required");
        Require(Data != DataSources.Phantoms || Phantoms >= 1, $"{nameof(Phantoms)}: must be at least 1, not {Phantoms}");
        Parsed(nameof(Device), () => ComputeDevice.Parse(Device));
        Parsed(nameof(Space), () => MaskSpaces.Parse(Space));
        Training.Validate();
    }
}
