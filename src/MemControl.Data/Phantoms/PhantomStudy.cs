namespace MemControl.Data.Phantoms;

/// <summary>
/// One synthetic study: whose anatomy, how it was taken, what it shows, and the report that says so; from generator
/// version 2 also its side marker and electrodes (<see cref="Details"/>).
/// </summary>
public sealed record PhantomStudy(
    int Index,
    string Subject,
    SubjectAnatomy Anatomy,
    StudyPose Pose,
    PhantomFindings Findings,
    string Report,
    int FindingSeed)
{
    /// <summary>Side marker and electrodes, placed anew for each film (version 2); null draws the version 1 film.</summary>
    public StudyDetails? Details { get; init; }
}
