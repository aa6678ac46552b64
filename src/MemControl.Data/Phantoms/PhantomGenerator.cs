namespace MemControl.Data.Phantoms;

/// <summary>
/// Makes the studies of a phantom dataset, deterministically from the seed: study i belongs to subject i mod M, takes
/// that subject's anatomy, and draws its own pose, findings and report. Each piece has its own derived seed, so
/// e.g. asking for more studies leaves the first ones unchanged, and version 2's per-film details (drawn from a seed of
/// their own) leave every version 1 draw as it was.
/// </summary>
public static class PhantomGenerator
{
    private const int AnatomyPurpose = 1;
    private const int StudyPurpose = 2;
    private const int DetailPurpose = 3;

    public static IReadOnlyList<PhantomStudy> Generate(PhantomOptions options)
    {
        options.Validate();
        var subjects = Enumerable.Range(0, options.SubjectCount)
            .Select(s => SubjectAnatomy.Draw(new Random(PhantomSeeds.Derive(options.Seed, AnatomyPurpose, s))))
            .ToArray();
        return Enumerable.Range(0, options.Count).Select(i => Study(options.Seed, i, i % subjects.Length, subjects, options.Version)).ToArray();
    }

    private static PhantomStudy Study(int seed, int index, int subject, SubjectAnatomy[] subjects, int version)
    {
        var random = new Random(PhantomSeeds.Derive(seed, StudyPurpose, index));
        var pose = StudyPose.Draw(random);
        var findings = FindingsSampler.Draw(random);
        var report = ReportWriter.Write(findings, random);
        return new PhantomStudy(index, SubjectId(subject), subjects[subject], pose, findings, report, random.Next())
        {
            Details = version >= 2 ? StudyDetails.Draw(new Random(PhantomSeeds.Derive(seed, DetailPurpose, index))) : null,
        };
    }

    public static string SubjectId(int subject) => $"S{subject + 1:D5}";

    public static string StudyId(int index) => $"phantom-{index + 1:D6}";
}
