namespace MemControl.Tests.Support;

/// <summary>
/// A whole diffusers pipeline folder assembled from the parity fixtures: the layout probe's model_index.json, scheduler
/// and tokenizer, with the unet/, vae/ and text_encoder/ weights beside them — what a user's SD-1.x folder looks like,
/// only tiny. Deleted when disposed.
/// </summary>
public sealed class ParityPipelineFolder : IDisposable
{
    private ParityPipelineFolder(string path) => Path = path;

    public string Path { get; }

    /// <summary>Assembles the folder, or skips the calling test when the fixtures are absent.</summary>
    public static ParityPipelineFolder Create()
    {
        var probe = TestPaths.RequireParityPath("pipeline_layout_probe");
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"memcontrol-pipeline-{Guid.NewGuid():N}");
        CopyDirectory(probe, path);
        foreach (var component in new[] { "unet", "vae", "text_encoder" })
        {
            var target = System.IO.Path.Combine(path, component);
            Directory.Delete(target, recursive: true);
            CopyDirectory(TestPaths.RequireParityPath(component), target);
        }

        return new ParityPipelineFolder(path);
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            var destination = System.IO.Path.Combine(target, System.IO.Path.GetFileName(file));
            File.Copy(file, destination);
            File.SetAttributes(destination, FileAttributes.Normal);
        }

        foreach (var directory in Directory.GetDirectories(source))
        {
            CopyDirectory(directory, System.IO.Path.Combine(target, System.IO.Path.GetFileName(directory)));
        }
    }
}
