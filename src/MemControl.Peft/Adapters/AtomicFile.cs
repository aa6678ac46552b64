namespace MemControl.Peft.Adapters;

/// <summary>Writes a file under a temporary name in the same folder and renames it, so a crash never leaves half a file.</summary>
internal static class AtomicFile
{
    public static void Write(string path, Action<string> writeTo)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            writeTo(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
