using System.Diagnostics;
using System.Reflection;

namespace MemControl.Cli.Processes;

/// <summary>
/// This program started again with other arguments, output redirected: how the search and the benchmark run their
/// local worker processes. libtorch's intra-op thread pool is per process, so several processes with a share of the
/// cores each are how independent trials or rows run side by side.
/// </summary>
public static class SelfProcess
{
    /// <summary>
    /// The apphost itself when this process is the <c>memcontrol</c> program; else <c>dotnet memcontrol.dll …</c> (this
    /// process is the dotnet host, or another program such as a test runner that references the CLI).
    /// </summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var cli = typeof(SelfProcess).Assembly;
        var host = Environment.ProcessPath!;
        var hostIsDotnet = Path.GetFileNameWithoutExtension(host) == "dotnet";
        var start = Assembly.GetEntryAssembly() == cli && !hostIsDotnet
            ? new ProcessStartInfo(host, arguments)
            : new ProcessStartInfo(hostIsDotnet ? host : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [cli.Location, .. arguments]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        return start;
    }
}
