namespace MemControl.Tests.Support;

/// <summary>Where tests find the repository and the shared reference fixtures.</summary>
public static class TestPaths
{
    /// <summary>Environment variable that points the parity tests at another folder of the same shape.</summary>
    public const string ParityDirVariable = "MEMCONTROL_PARITY_DIR";

    /// <summary>The repository root: the first folder above the test binary that holds MemControl.slnx.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>
    /// The diffusers parity fixtures: $MEMCONTROL_PARITY_DIR, else ../shared/fixtures/diffusers-parity beside the checkout.
    /// </summary>
    public static string ParityDir =>
        Environment.GetEnvironmentVariable(ParityDirVariable) is { Length: > 0 } fromEnvironment
            ? Path.GetFullPath(fromEnvironment)
            : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "fixtures", "diffusers-parity"));

    /// <summary>The CLIP BPE vocabulary (vocab.json + merges.txt) beside the parity fixtures.</summary>
    public static string ClipTokenizerDir => Path.GetFullPath(Path.Combine(ParityDir, "..", "clip-tokenizer"));

    /// <summary>
    /// The path of a file or folder inside the parity fixtures; skips the calling test, with a message, when it is absent,
    /// so a fresh clone without ../shared passes.
    /// </summary>
    public static string RequireParityPath(params string[] parts)
    {
        var path = Path.Combine([ParityDir, .. parts]);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            Assert.Skip($"parity fixture '{path}' is absent (set {ParityDirVariable} to a diffusers-parity folder to run this test)");
        }

        return path;
    }

    /// <summary>Like <see cref="RequireParityPath"/> for the CLIP tokenizer files.</summary>
    public static string RequireClipTokenizerDir()
    {
        var dir = ClipTokenizerDir;
        if (!File.Exists(Path.Combine(dir, "vocab.json")))
        {
            Assert.Skip($"CLIP tokenizer fixture '{dir}' is absent (set {ParityDirVariable} to run this test)");
        }

        return dir;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MemControl.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no MemControl.slnx above {AppContext.BaseDirectory}");
    }
}
