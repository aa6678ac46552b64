using MemControl.Cli;
using MemControl.Data.Images;
using MemControl.Data.Manifests;
using MemControl.Data.Phantoms;
using Spectre.Console.Testing;

namespace MemControl.Tests.Cli.Audit;

/// <summary>
/// Tiny audit inputs written to a temporary folder: 6 phantoms as the training manifest, and a "generated" folder with
/// an exact copy of training image 2 plus 3 different phantoms (another seed), one of them under a file name that is
/// HTML; a prompts CSV gives two generations the same malicious prompt. 10 images in all, so ResNet-18 stays fast.
/// </summary>
public sealed class AuditData : IDisposable
{
    public const string MaliciousFile = "<img src=x onerror=alert(1)>.png";
    public const string MaliciousPrompt = "<script>alert(1)</script>";
    public const int CopiedTrainingIndex = 2;

    private readonly Lock _lock = new();
    private (int ExitCode, string Output, string Folder)? _run;

    public AuditData()
    {
        Root = Path.Combine(Path.GetTempPath(), $"audit-test-{Guid.NewGuid():N}");
        Manifest = PhantomWriter.Write(PhantomDataset.Create(new PhantomOptions { Count = 6, Seed = 1 }), Path.Combine(Root, "train"), 64);
        var training = ManifestDataset.Open(Manifest);
        CopiedTrainingId = training.Items[CopiedTrainingIndex].Id;

        Generated = Path.Combine(Root, "generated");
        Directory.CreateDirectory(Generated);
        File.Copy(training.Items[CopiedTrainingIndex].ImagePath!, Path.Combine(Generated, "copy.png"));
        var others = PhantomDataset.Create(new PhantomOptions { Count = 3, Seed = 77 });
        string[] names = ["other-a.png", "other-b.png", MaliciousFile];
        for (var i = 0; i < names.Length; i++)
        {
            ImageEncoder.WriteFile(Path.Combine(Generated, names[i]), others.LoadImage(i, 64));
        }

        GeneratedFiles = ["copy.png", .. names];
        Prompts = Path.Combine(Root, "prompts.csv");
        CsvWriter.WriteFile(Prompts, ["file", "prompt"], [["other-a.png", MaliciousPrompt], [MaliciousFile, MaliciousPrompt], ["copy.png", "plain"]]);
    }

    public string Root { get; }

    public string Manifest { get; }

    public string Generated { get; }

    public string Prompts { get; }

    public string CopiedTrainingId { get; }

    public IReadOnlyList<string> GeneratedFiles { get; }

    /// <summary>Runs the audit on these inputs the first time it is asked (ResNet-18 session creation is slow) and caches it.</summary>
    public (int ExitCode, string Output, string Folder) AuditOnce()
    {
        lock (_lock)
        {
            if (_run is null)
            {
                var folder = NewFolder("out");
                var console = new TestConsole().Width(400);
                var exitCode = MemControlApp.Run(
                    ["audit", "--train", Manifest, "--generated", Generated, "--prompts", Prompts, "--out", folder, "--top", "4"], console);
                _run = (exitCode, console.Output, folder);
            }

            return _run.Value;
        }
    }

    public string NewFolder(string name) => Path.Combine(Root, $"{name}-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
