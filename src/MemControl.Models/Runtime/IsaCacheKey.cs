using System.Security.Cryptography;
using System.Text;

namespace MemControl.Models.Runtime;

/// <summary>
/// Names a cached oneDNN ISA verdict: one per CPU model, CPU feature set and TorchSharp (so libtorch) version, since
/// those decide which kernels oneDNN picks and whether they are right.
/// </summary>
public static class IsaCacheKey
{
    /// <summary>The key for the /proc/cpuinfo text <paramref name="cpuInfo"/> and <paramref name="torchVersion"/>: safe as a file name.</summary>
    public static string For(string cpuInfo, string torchVersion)
    {
        ArgumentNullException.ThrowIfNull(cpuInfo);
        ArgumentNullException.ThrowIfNull(torchVersion);
        var model = Field(cpuInfo, "model name") ?? "unknown-cpu";
        var flags = Field(cpuInfo, "flags") ?? "";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{model}\n{flags}\n{torchVersion}"));
        var readable = new string(model.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        return $"{(readable.Length > 48 ? readable[..48] : readable)}-{Convert.ToHexStringLower(hash)[..16]}";
    }

    /// <summary>The value of the first "<paramref name="name"/> : value" line, or null.</summary>
    private static string? Field(string cpuInfo, string name) =>
        cpuInfo.Split('\n')
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2 && parts[0].Trim() == name)
            .Select(parts => parts[1].Trim())
            .FirstOrDefault();
}
