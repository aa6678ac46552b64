namespace MemControl.Workflow.Search;

/// <summary><c>front.json</c> (docs/formats.md). Version 1.</summary>
/// <param name="MemorizationObjective">paper, ratio or copying (objective 1).</param>
/// <param name="QualityObjective">Always <c>fd_resnet18</c> (objective 2).</param>
/// <param name="Front">The non-dominated trials by memorization.</param>
/// <param name="Picked">The trial whose mask is <c>mask.json</c>.</param>
/// <param name="Vanilla">The methods' vanilla configurations (every bit 1), for comparison.</param>
/// <param name="Trials">Every complete trial.</param>
public sealed record FrontDocument(
    int Version,
    string MemorizationObjective,
    string QualityObjective,
    IReadOnlyList<SearchPoint> Front,
    SearchPoint Picked,
    IReadOnlyList<SearchPoint> Vanilla,
    IReadOnlyList<SearchPoint> Trials)
{
    public const int CurrentVersion = 1;

    /// <summary>Trial numbers of front points that tie the pick on the picking rule (docs/decisions.md §7); empty when the pick is clear.</summary>
    public IReadOnlyList<int> Tied { get; init; } = [];
}
