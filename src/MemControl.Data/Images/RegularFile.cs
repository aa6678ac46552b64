using System.Runtime.InteropServices;

namespace MemControl.Data.Images;

/// <summary>
/// Whether a path is a regular file. .NET reports a FIFO, a socket or a device as an ordinary file (File.Exists is true),
/// and reading a FIFO blocks until someone writes to it, so `data check` hung on one listed as an image.
/// </summary>
public static class RegularFile
{
    // .NET's own native shim (libSystem.Native, shipped with every runtime): its FileStatus starts with
    // int32 Flags, int32 Mode; Mode carries the file type in its S_IFMT bits (the shim normalises them to these values).
    private const int TypeMask = 0xF000;
    private const int Regular = 0x8000;
    private const int StatusBufferBytes = 512;   // larger than any version's FileStatus

    /// <summary>True for a regular file (after following symbolic links), false for anything else that exists.</summary>
    public static bool Is(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return File.Exists(path);
        }

        var status = new byte[StatusBufferBytes];
        try
        {
            if (Stat(path, status) != 0)
            {
                return false;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return File.Exists(path);   // no shim to ask: keep the old behaviour rather than refuse every image
        }

        var mode = BitConverter.ToInt32(status, sizeof(int));
        return (mode & TypeMask) == Regular;
    }

    /// <summary>The message for a path that exists but is not a regular file.</summary>
    public static string Problem(string path) =>
        $"image '{path}' is not a regular file (a FIFO, socket or device, which cannot be read as an image); replace it with the image file or remove the row.";

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat")]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] status);
}
