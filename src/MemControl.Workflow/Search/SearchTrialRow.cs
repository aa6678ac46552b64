using MemControl.Peft.Masks;
using MemControl.Search;

namespace MemControl.Workflow.Search;

/// <summary>One line of the live table of trials.</summary>
public sealed record SearchTrialRow(string Method, int Number, TrialState State, string Bits, double? LearningRate, double? Memorization, double? Fd, string? FailReason)
{
    /// <summary>The row of a stored trial whose genes are the bits of <paramref name="layout"/> (bit order).</summary>
    public static SearchTrialRow From(string method, FrozenTrial trial, MaskLayout layout) => new(
        method,
        trial.Number,
        trial.State,
        string.Concat(layout.Units.Select(unit => MaskGenes.Bit(trial, unit) switch { true => '1', false => '0', null => '·' })),
        trial.Params.TryGetValue(MaskGenes.LearningRateGene, out var lr) ? lr : null,
        trial.Values?[0],
        trial.Values?[1],
        trial.FailReason)
    {
        DuplicateOf = trial.UserAttributes.TryGetValue(MemControlObjective.DuplicateOfAttribute, out var twin) ? twin.GetInt32() : null,
    };

    /// <summary>The earlier trial with the same genes whose values this one reused, or null.</summary>
    public int? DuplicateOf { get; init; }

    /// <summary>What the table's note column says: why it failed, or whose values it reused.</summary>
    public string Note => FailReason ?? (DuplicateOf is { } twin ? $"same genes as trial {twin}: values reused" : "");
}
