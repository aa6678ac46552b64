using System.Text.Json;
using System.Text.Json.Nodes;

namespace MemControl.Workflow.Reports;

/// <summary>
/// A run folder as the report reads it (layout in docs/formats.md: data/, search/, train/, evaluate/, benchmark/): file
/// access relative to the folder that never throws for a missing part, and a list of what was looked for and not found
/// in the stages the run has — a search + benchmark run has no train/ or evaluate/, and that is not "missing".
/// A file that exists but is not valid JSON is an <see cref="InvalidDataException"/> naming it.
/// </summary>
public sealed class RunFolder
{
    private readonly List<string> missing = [];

    public RunFolder(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(Path))
        {
            throw new DirectoryNotFoundException($"RunFolder: the folder '{path}' does not exist");
        }
    }

    public string Path { get; }

    /// <summary>What the report looked for and did not find, in the order it looked.</summary>
    public IReadOnlyList<string> Missing => missing;

    public string Full(string relative) => System.IO.Path.Combine(Path, relative);

    public bool Has(string relative) => File.Exists(Full(relative)) || Directory.Exists(Full(relative));

    /// <summary>The parsed JSON file, or null (noted as missing with <paramref name="what"/>) when absent.</summary>
    public JsonNode? Json(string relative, string what)
    {
        var path = Full(relative);
        if (!File.Exists(path))
        {
            Note(relative, what);
            return null;
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"'{path}' is not valid JSON: {error.Message}", error);
        }
    }

    /// <summary>The PNG file's bytes, or null (noted as missing with <paramref name="what"/>) when absent.</summary>
    public byte[]? Png(string relative, string what)
    {
        var path = Full(relative);
        if (File.Exists(path))
        {
            return File.ReadAllBytes(path);
        }

        Note(relative, what);
        return null;
    }

    /// <summary>The text file, or null (noted as missing) when absent.</summary>
    public string? Text(string relative, string what)
    {
        var path = Full(relative);
        if (File.Exists(path))
        {
            return File.ReadAllText(path);
        }

        Note(relative, what);
        return null;
    }

    public void NoteMissing(string relative, string what) => Note(relative, what);

    /// <summary>Records a missing file only when its stage's folder (the path's first part) exists.</summary>
    private void Note(string relative, string what)
    {
        var stage = relative.Split('/')[0];
        if (stage != relative && Directory.Exists(Full(stage)))
        {
            missing.Add($"{relative} ({what})");
        }
    }
}
