using System.Diagnostics;
using System.Reflection;

namespace MemControl.Workflow.Processes;

/// <summary>
/// The <c>memcontrol</c> program started with other arguments, output redirected: how the search and the benchmark run
/// their local worker processes. libtorch's intra-op thread pool is per process, so several processes with a share of
/// the cores each are how independent trials or rows run side by side. The workers are the CLI's hidden commands, so
/// the CLI's assembly (<c>memcontrol.dll</c>) must sit beside this library, as it does in the CLI's own output and in
/// any project that references MemControl.Cli.
/// </summary>
public static class MemControlProgram
{
    /// <summary>The CLI's assembly file name.</summary>
    public const string AssemblyFile = "memcontrol.dll";

    /// <summary>
    /// The apphost itself when this process is the <c>memcontrol</c> program; else <c>dotnet memcontrol.dll …</c> (this
    /// process is the dotnet host, or another program such as a test runner or a user's own program).
    /// </summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var host = Environment.ProcessPath!;
        var hostIsDotnet = Path.GetFileNameWithoutExtension(host) == "dotnet";
        var entry = Assembly.GetEntryAssembly();
        ProcessStartInfo start;
        if (entry is not null && Path.GetFileName(entry.Location) == AssemblyFile && !hostIsDotnet)
        {
            start = new ProcessStartInfo(host, arguments);
        }
        else
        {
            var cli = Path.Combine(Path.GetDirectoryName(typeof(MemControlProgram).Assembly.Location)!, AssemblyFile);
            if (!File.Exists(cli))
            {
                throw new FileNotFoundException(
                    $"worker processes run the memcontrol program, and {cli} does not exist: reference MemControl.Cli from your project "
                    + "(it copies memcontrol.dll beside MemControl.Workflow.dll), or run with one worker", cli);
            }

            start = new ProcessStartInfo(hostIsDotnet ? host : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [cli, .. arguments]);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        return start;
    }
}
