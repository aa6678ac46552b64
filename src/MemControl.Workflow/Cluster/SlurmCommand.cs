using System.ComponentModel;
using System.Diagnostics;

namespace MemControl.Workflow.Cluster;

/// <summary>Runs a Slurm client program (sbatch, squeue) and returns its output; a missing program or a refusal is one clear error.</summary>
internal static class SlurmCommand
{
    public static string Run(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new SlurmException($"{program} could not be started");
        }
        catch (Win32Exception error)
        {
            throw new SlurmException($"{program} was not found on PATH: run this on a Slurm login node (or a machine with the Slurm client programs)", error);
        }

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(timeout))
            {
                process.Kill();
                throw new SlurmException($"{program} did not answer in {timeout.TotalSeconds:0} s (is slurmctld reachable?)");
            }

            return process.ExitCode == 0
                ? output
                : throw new SlurmException($"{program} refused ({process.ExitCode}): {error.Result.Trim()}{output.Trim()}");
        }
    }
}
