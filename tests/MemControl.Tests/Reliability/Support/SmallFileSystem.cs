using System.Diagnostics;

namespace MemControl.Tests.Reliability.Support;

/// <summary>
/// A small tmpfs mounted on a temporary folder, to run out of disk space on purpose; skips the calling test when
/// mounting is not permitted (not root, or a container without CAP_SYS_ADMIN). Unmounted and deleted when disposed.
/// </summary>
public sealed class SmallFileSystem : IDisposable
{
    private readonly string filler;

    private SmallFileSystem(string path)
    {
        Path = path;
        filler = System.IO.Path.Combine(path, "filler.bin");
    }

    public string Path { get; }

    public static SmallFileSystem Mount(int megabytes)
    {
        var path = Directory.CreateTempSubdirectory("memcontrol-small-fs-").FullName;
        var (exitCode, error) = Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path);
        if (exitCode != 0)
        {
            Directory.Delete(path);
            Assert.Skip($"cannot mount a small tmpfs to fill up (mount exit code {exitCode}: {error.Trim()}); run as root to test a full disk");
        }

        return new SmallFileSystem(path);
    }

    /// <summary>Writes a filler file until the file system is full.</summary>
    public void Fill()
    {
        using var stream = new FileStream(filler, FileMode.Append, FileAccess.Write, FileShare.None, bufferSize: 0); // unbuffered: nothing left to flush on dispose
        var block = new byte[64 * 1024];
        try
        {
            while (true)
            {
                stream.Write(block);
                stream.Flush();
            }
        }
        catch (IOException)
        {
            // Full; now also the last small blocks, so not a byte is left.
            block = new byte[512];
            try
            {
                while (true)
                {
                    stream.Write(block);
                    stream.Flush();
                }
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Deletes the filler, so there is room again.</summary>
    public void Free() => File.Delete(filler);

    public void Dispose()
    {
        Run("umount", "-l", Path);
        Directory.Delete(Path, recursive: true);
    }

    private static (int ExitCode, string Error) Run(string program, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, error);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
