using MemControl.Data.Phantoms;

namespace MemControl.Workflow.Demo;

/// <summary>
/// The demo's own data: synthetic chest radiographs with radiology-style reports, written under
/// <c>&lt;run&gt;/data/phantoms/</c> with their manifest — the stand-in for a user's manifest, which the whole-run
/// workflow then prepares like any other (splits by patient, the memorization set, training.csv).
/// </summary>
public static class DemoData
{
    public static string WritePhantoms(string runFolder, DemoProfile profile, int seed, int imageSize)
    {
        var folder = Path.Combine(Path.GetFullPath(runFolder), "data", "phantoms");
        var manifest = Path.Combine(folder, "manifest.csv");
        if (File.Exists(manifest))
        {
            return manifest; // written by an earlier run of this demo folder
        }

        var phantoms = PhantomDataset.Create(new PhantomOptions { Count = profile.Phantoms, Subjects = profile.Subjects, Seed = seed });
        return PhantomWriter.Write(phantoms, folder, imageSize);
    }
}
