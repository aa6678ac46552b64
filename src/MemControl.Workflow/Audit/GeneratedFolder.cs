using MemControl.Data.Manifests;

namespace MemControl.Workflow.Audit;

/// <summary>
/// Lists the generated images of a folder (PNG and JPEG, sorted by name for a stable order) and attaches prompts from
/// an optional <c>file,prompt</c> CSV. Every mistake names the file (and line) at fault.
/// </summary>
public static class GeneratedFolder
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg"];

    public static IReadOnlyList<GeneratedImage> Read(string folder, string? promptsCsv)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"generated-images folder '{folder}' does not exist.");
        }

        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Extensions.Contains(System.IO.Path.GetExtension(f).ToLowerInvariant()))
            .Select(f => System.IO.Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (files.Length == 0)
        {
            throw new InvalidDataException($"generated-images folder '{folder}' holds no .png or .jpg images.");
        }

        var prompts = promptsCsv is null ? new Dictionary<string, string>() : ReadPrompts(promptsCsv, files);
        return files
            .Select(f => new GeneratedImage(f, System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, f)), prompts.GetValueOrDefault(f)))
            .ToArray();
    }

    private static Dictionary<string, string> ReadPrompts(string path, IReadOnlyCollection<string> files)
    {
        var records = CsvParser.ParseFile(path);
        if (records.Count == 0)
        {
            throw new InvalidDataException($"{path}: empty; expected a header 'file,prompt' and one row per generated image.");
        }

        var header = records[0].Fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
        var fileColumn = header.IndexOf("file");
        var promptColumn = header.IndexOf("prompt");
        if (fileColumn < 0 || promptColumn < 0)
        {
            throw new InvalidDataException($"{path}:{records[0].Line}: the header needs columns 'file' and 'prompt', got '{string.Join(",", records[0].Fields)}'.");
        }

        var known = files.ToHashSet(StringComparer.Ordinal);
        var prompts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var record in records.Skip(1))
        {
            if (record.Fields.Count <= Math.Max(fileColumn, promptColumn))
            {
                throw new InvalidDataException($"{path}:{record.Line}: expected {header.Count} fields, got {record.Fields.Count}.");
            }

            var file = record.Fields[fileColumn].Trim().Replace('\\', '/');
            if (!known.Contains(file))
            {
                throw new InvalidDataException($"{path}:{record.Line}: file '{file}' is not an image of the generated folder.");
            }

            if (!prompts.TryAdd(file, record.Fields[promptColumn]))
            {
                throw new InvalidDataException($"{path}:{record.Line}: file '{file}' is listed twice.");
            }
        }

        return prompts;
    }
}
