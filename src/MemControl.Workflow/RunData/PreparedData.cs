namespace MemControl.Workflow.RunData;

/// <summary>What <see cref="DataPreparation"/> wrote: the files and the counts a person checks first (data.json).</summary>
public sealed record PreparedData(
    string Source,
    string Manifest,
    string MemorizationSet,
    string Training,
    int Train,
    int Validation,
    int Test,
    int Subjects,
    int MemorizationRepeats,
    int TrainingRows,
    IReadOnlyList<string> MemorizationCaptions,
    int Seed);
