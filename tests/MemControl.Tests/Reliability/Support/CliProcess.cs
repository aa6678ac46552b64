using System.Diagnostics;
using System.Text;

namespace MemControl.Tests.Reliability.Support;

/// <summary>
/// The <c>memcontrol</c> CLI as a real child process (the in-process runs of the other CLI tests cannot be SIGKILLed):
/// <c>dotnet memcontrol.dll …</c> from the test's output folder, where the build copies the CLI it references.
/// Its output is collected as it comes, so a chatty child never blocks on a full pipe.
/// </summary>
public sealed class CliProcess : IDisposable
{
    private readonly StringBuilder output = new();
    private readonly Process process;

    private CliProcess(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (SigintIgnoredHere())
        {
            // A script's background job starts with SIGINT ignored and every child inherits that (POSIX exec keeps
            // ignored signals), so a Ctrl+C test's SIGINT would never arrive. env(1) resets it and execs dotnet, so
            // the process id stays the child's.
            start.FileName = "env";
            start.ArgumentList.Add("--default-signal=INT");
            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(Dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_COLOR"] = "1";
        start.Environment["COLUMNS"] = "200";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Started = Stopwatch.StartNew();
    }

    /// <summary>The CLI assembly beside the test assembly.</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "memcontrol.dll");

    /// <summary>Time since the child was started.</summary>
    public Stopwatch Started { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>What the child printed so far (stdout and stderr, interleaved as they came).</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static CliProcess Start(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment = null) =>
        new(arguments, environment);

    /// <summary>Runs to the end (killed after <paramref name="timeout"/>); returns the exit code and the output.</summary>
    public static (int ExitCode, string Output) Run(IReadOnlyList<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        using var child = Start(arguments, environment);
        if (!child.WaitForExit(timeout))
        {
            child.Kill();
            throw new TimeoutException($"memcontrol {string.Join(' ', arguments)} did not finish in {timeout}; output:\n{child.Output}");
        }

        return (child.ExitCode, child.Output);
    }

    /// <summary>SIGKILL on Linux: the child gets no chance to clean up, as with a crash or the OOM killer.</summary>
    public void Kill()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }

        process.WaitForExit();
    }

    public bool WaitForExit(TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout))
        {
            return false;
        }

        process.WaitForExit(); // drains the asynchronous output readers
        return true;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            Kill();
        }

        process.Dispose();
    }

    /// <summary>Whether this process ignores SIGINT: bit 1 (signal 2) of the <c>SigIgn</c> mask in /proc/self/status.</summary>
    private static bool SigintIgnoredHere()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return false;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null
            && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << 1)) != 0;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
