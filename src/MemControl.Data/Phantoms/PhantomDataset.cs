using MemControl.Data.Images;

namespace MemControl.Data.Phantoms;

/// <summary>
/// The built-in dataset: synthetic chest radiographs rendered on demand at any size, with their reports as
/// captions and their findings as labels. Nothing is stored but the study descriptions.
/// </summary>
public sealed class PhantomDataset : IImageCaptionDataset
{
    private PhantomDataset(PhantomOptions options, IReadOnlyList<PhantomStudy> studies)
    {
        Studies = studies;
        Name = $"phantoms(count {options.Count}, subjects {options.SubjectCount}, seed {options.Seed}, version {options.Version})";
        Items = studies.Select(s => new DatasetItem(
            PhantomGenerator.StudyId(s.Index), null, s.Report, s.Subject, null, s.Findings.ToLabels(), Name)).ToArray();
    }

    public string Name { get; }

    public IReadOnlyList<DatasetItem> Items { get; }

    public IReadOnlyList<PhantomStudy> Studies { get; }

    public static PhantomDataset Create(PhantomOptions options) => new(options, PhantomGenerator.Generate(options));

    public ImageData LoadImage(int index, int size) => PhantomRenderer.Render(Studies[index], size);
}
