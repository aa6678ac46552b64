namespace MemControl.Tests.Support;

/// <summary>Where tests find the repository and its reference fixtures (tests/fixtures).</summary>
public static class TestPaths
{
    /// <summary>Environment variable that points the parity tests at another folder of the same shape.</summary>
    public const string ParityDirVariable = "MEMCONTROL_PARITY_DIR";

    /// <summary>The repository root: the first folder above the test binary that holds MemControl.slnx.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The reference data the tests need, committed with them (tests/fixtures/README.md says where it came from).</summary>
    public static string FixturesDir => Path.Combine(RepoRoot, "tests", "fixtures");

    /// <summary>
    /// The diffusers parity fixtures: $MEMCONTROL_PARITY_DIR (another SD-1.x config of the same shape), else the
    /// repository's tests/fixtures/diffusers-parity.
    /// </summary>
    public static string ParityDir =>
        Environment.GetEnvironmentVariable(ParityDirVariable) is { Length: > 0 } fromEnvironment
            ? Path.GetFullPath(fromEnvironment)
            : Path.Combine(FixturesDir, "diffusers-parity");

    /// <summary>The CLIP BPE vocabulary (vocab.json + merges.txt): the same for every SD-1.x checkpoint, so always the repository's.</summary>
    public static string ClipTokenizerDir => Path.Combine(FixturesDir, "clip-tokenizer");

    /// <summary>
    /// The path of a file or folder inside the parity fixtures. The repository's fixtures hold every file; a folder named
    /// by $MEMCONTROL_PARITY_DIR may hold fewer, and a test whose file it lacks skips, naming the file.
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
            throw new InvalidOperationException($"CLIP tokenizer fixture '{dir}' is absent: the repository's tests/fixtures is incomplete");
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
