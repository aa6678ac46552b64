using MemControl.Training.Mitigation;

namespace MemControl.Workflow.FineTuning;

/// <summary>A parsed <c>--mitigation</c> value: none, rwa, rwa-official, threshold:τ or threshold:auto.</summary>
public sealed record MitigationChoice(MitigationKind Kind, ThresholdMitigation? Threshold = null)
{
    private const string ThresholdPrefix = "threshold:";

    public static MitigationChoice Parse(string value) => value switch
    {
        "none" => new MitigationChoice(MitigationKind.None),
        "rwa" => new MitigationChoice(MitigationKind.Rwa),
        "rwa-official" => new MitigationChoice(MitigationKind.RwaOfficial),
        _ when value.StartsWith(ThresholdPrefix, StringComparison.Ordinal) =>
            new MitigationChoice(MitigationKind.Threshold, ThresholdMitigation.Parse(value[ThresholdPrefix.Length..])),
        _ => throw new ArgumentException($"'{value}' is not a mitigation (choose none, rwa, rwa-official, threshold:τ or threshold:auto)"),
    };

    public override string ToString() => Kind switch
    {
        MitigationKind.None => "none",
        MitigationKind.Rwa => "rwa",
        MitigationKind.RwaOfficial => "rwa-official",
        _ => Threshold!.ToString(),
    };
}
