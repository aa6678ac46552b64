namespace MemControl.Models.Runtime;

/// <summary>
/// Probe verdicts on disk, one small file per <see cref="IsaCacheKey"/>, so only a machine's first process pays for
/// the probe. A cache that cannot be written costs a probe per process, never a wrong answer.
/// </summary>
public sealed class IsaVerdictCache(string directory)
{
    /// <summary>$XDG_CACHE_HOME/memcontrol, else ~/.cache/memcontrol.</summary>
    public static string DefaultDirectory()
    {
        var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "memcontrol");
    }

    /// <summary>The stored verdict for <paramref name="key"/>; null when there is none or the file is not one.</summary>
    public IsaVerdict? Read(string key)
    {
        try
        {
            var text = File.ReadAllText(PathOf(key)).Trim();
            return Enum.GetNames<IsaVerdict>().Contains(text) ? Enum.Parse<IsaVerdict>(text) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Stores <paramref name="verdict"/>; false when the directory cannot be written.</summary>
    public bool Write(string key, IsaVerdict verdict)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var temporary = PathOf(key) + $".{Environment.ProcessId}.tmp";
            File.WriteAllText(temporary, verdict.ToString());
            File.Move(temporary, PathOf(key), overwrite: true);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private string PathOf(string key) => Path.Combine(directory, $"onednn-isa-{key}.txt");
}
