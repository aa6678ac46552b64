namespace MemControl.Data.Phantoms;

/// <summary>One synthetic study: whose anatomy, how it was taken, what it shows, and the report that says so.</summary>
public sealed record PhantomStudy(
    int Index,
    string Subject,
    SubjectAnatomy Anatomy,
    StudyPose Pose,
    PhantomFindings Findings,
    string Report,
    int FindingSeed);
