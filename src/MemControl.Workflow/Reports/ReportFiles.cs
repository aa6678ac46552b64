namespace MemControl.Workflow.Reports;

/// <summary>
/// Writes a set of output files all-or-nothing as far as a file system allows: every file goes to a temporary name
/// first, and only when all are written are they renamed into place. A failure (disk full, bad input found late)
/// leaves no half-written report and removes the temporaries.
/// </summary>
public sealed class ReportFiles
{
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    public ReportFiles Add(string fileName, byte[] content)
    {
        if (Path.GetFileName(fileName) != fileName)
        {
            throw new ArgumentException($"fileName: a plain file name, got '{fileName}'", nameof(fileName));
        }

        _files[fileName] = content;
        return this;
    }

    public ReportFiles AddText(string fileName, string text) =>
        Add(fileName, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));

    /// <summary>Writes every file into <paramref name="folder"/> (created if needed); returns the final paths.</summary>
    public IReadOnlyList<string> WriteTo(string folder)
    {
        var full = Path.GetFullPath(folder);
        Directory.CreateDirectory(full);
        var staged = new List<(string Temporary, string Final)>();
        try
        {
            foreach (var (name, content) in _files)
            {
                var final = Path.Combine(full, name);
                var temporary = $"{final}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
                staged.Add((temporary, final));
                using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write);
                stream.Write(content);
            }

            foreach (var (temporary, final) in staged)
            {
                File.Move(temporary, final, overwrite: true);
            }

            return staged.Select(s => s.Final).ToArray();
        }
        finally
        {
            foreach (var (temporary, _) in staged)
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }
        }
    }
}
