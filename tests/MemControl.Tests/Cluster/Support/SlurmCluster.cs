using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MemControl.Tests.Cluster.Support;

/// <summary>
/// A throwaway one-node Slurm cluster on this machine, shared by the test process: munged (as the munge user, on its
/// own socket and key), slurmctld and slurmd from a slurm.conf generated in a temporary folder for this machine's
/// cores and memory, on free ports. SLURM_CONF points this process and its children (sbatch, squeue, scancel, the CLI)
/// at it. Without root or without the binaries (eng/ensure-slurm.sh installs them), <see cref="SkipReason"/> says so.
/// Cgroups are not used (proctrack/linuxproc, task/none): the tests run in containers that do not delegate them.
/// </summary>
public sealed class SlurmCluster : IDisposable
{
    public const string Partition = "memcontrol";
    private static readonly Lazy<SlurmCluster> Shared = new(() => new SlurmCluster());
    private readonly string folder = string.Empty;
    private bool disposed;

    private SlurmCluster()
    {
        var missing = new[] { "slurmctld", "slurmd", "sbatch", "squeue", "scancel", "sinfo", "munged", "mungekey", "runuser" }.Where(p => Which(p) is null).ToList();
        if (missing.Count > 0 || Environment.UserName != "root")
        {
            SkipReason = missing.Count > 0
                ? $"Slurm test cluster: {string.Join(", ", missing)} not installed (run eng/ensure-slurm.sh as root)."
                : "Slurm test cluster: slurmd must run as root to start jobs as the test's user.";
            return;
        }

        folder = Path.Combine(Path.GetTempPath(), $"memcontrol-slurm-{Guid.NewGuid():N}"[..32]);
        var munge = Path.Combine(folder, "munge");
        Directory.CreateDirectory(Path.Combine(folder, "state"));
        Directory.CreateDirectory(Path.Combine(folder, "spool"));
        Directory.CreateDirectory(munge);
        // munged refuses a socket folder that is not searchable by all, and files it does not own.
        Run("chmod", ["755", folder, munge]);
        Run("chown", ["munge:munge", munge]);
        Run("runuser", ["-u", "munge", "--", "mungekey", "--create", $"--keyfile={Path.Combine(munge, "munge.key")}"]);
        Run("runuser", ["-u", "munge", "--", "munged", $"--key-file={Path.Combine(munge, "munge.key")}", $"--socket={MungeSocket}",
            $"--pid-file={Path.Combine(munge, "munged.pid")}", $"--log-file={Path.Combine(munge, "munged.log")}", $"--seed-file={Path.Combine(munge, "munged.seed")}"]);
        File.WriteAllText(ConfigFile, Config());
        Environment.SetEnvironmentVariable("SLURM_CONF", ConfigFile);
        try
        {
            Run("slurmctld", ["-f", ConfigFile]);
            Run("slurmd", ["-f", ConfigFile]);
            WaitForIdleNode();
        }
        catch
        {
            Dispose();
            throw;
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    public static SlurmCluster Instance => Shared.Value;

    /// <summary>Why the cluster cannot run here, or null.</summary>
    public string? SkipReason { get; }

    public string ConfigFile => Path.Combine(folder, "slurm.conf");

    private string MungeSocket => Path.Combine(folder, "munge", "munge.socket");

    private static string NodeName => Environment.MachineName.Split('.')[0];

    /// <summary>The tasks squeue lists of an array (<c>123_0</c> …) with their state.</summary>
    public static IReadOnlyDictionary<string, string> Tasks(string jobId) =>
        Run("squeue", ["--array", "--noheader", $"--jobs={jobId}", "--format=%i %T"])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ')).ToDictionary(f => f[0], f => f[1]);

    public static string Run(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}{output}");
    }

    public void Dispose()
    {
        if (disposed || folder.Length == 0)
        {
            return;
        }

        disposed = true;
        // Jobs first: slurmstepd and the workers outlive a stopped slurmd.
        Try(() => Run("scancel", [$"--partition={Partition}"]));
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20) && Try(() => Run("squeue", ["--noheader", "--format=%i"])) is { Length: > 0 })
        {
            Thread.Sleep(250);
        }

        foreach (var pidFile in new[] { "slurmd.pid", "slurmctld.pid", Path.Combine("munge", "munged.pid") })
        {
            var path = Path.Combine(folder, pidFile);
            if (File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                Try(() => Run("kill", [pid.ToString(CultureInfo.InvariantCulture)]));
                WaitForExit(pid);
            }
        }

        Try(() => { Directory.Delete(folder, recursive: true); return string.Empty; });
    }

    private string Config()
    {
        var memoryMb = File.ReadLines("/proc/meminfo").Where(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).First();
        var state = Path.Combine(folder, "state");
        return string.Join('\n',
            "ClusterName=memcontrol-test",
            $"SlurmctldHost={NodeName}(127.0.0.1)",
            $"SlurmctldPort={FreePort()}",
            $"SlurmdPort={FreePort()}",
            "AuthType=auth/munge",
            $"AuthInfo=socket={MungeSocket}",
            "SlurmUser=root",
            "SlurmdUser=root",
            $"StateSaveLocation={state}",
            $"SlurmdSpoolDir={Path.Combine(folder, "spool")}",
            $"SlurmctldPidFile={Path.Combine(folder, "slurmctld.pid")}",
            $"SlurmdPidFile={Path.Combine(folder, "slurmd.pid")}",
            $"SlurmctldLogFile={Path.Combine(folder, "slurmctld.log")}",
            $"SlurmdLogFile={Path.Combine(folder, "slurmd.log")}",
            "ProctrackType=proctrack/linuxproc",
            "TaskPlugin=task/none",
            "SelectType=select/cons_tres",
            "SelectTypeParameters=CR_Core",
            "SchedulerType=sched/backfill",
            "MpiDefault=none",
            "ReturnToService=2",
            "JobCompType=jobcomp/none",
            "AccountingStorageType=accounting_storage/none",
            "JobAcctGatherType=jobacct_gather/none",
            "KillWait=2",
            "MinJobAge=2",
            $"NodeName={NodeName} NodeAddr=127.0.0.1 CPUs={Environment.ProcessorCount} RealMemory={memoryMb * 8 / 10} State=UNKNOWN",
            // Tasks share cores (up to 4 per core): the tests' workers mostly wait, and a 2-core CI machine runs them all at once.
            $"PartitionName={Partition} Nodes={NodeName} Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4",
            string.Empty);
    }

    private void WaitForIdleNode()
    {
        var clock = Stopwatch.StartNew();
        while (Try(() => Run("sinfo", ["--noheader", "--format=%T"]))?.Trim() is not "idle")
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"the test Slurm's node did not become idle in 60 s; slurmctld.log:\n{Tail("slurmctld.log")}\nslurmd.log:\n{Tail("slurmd.log")}");
            }

            Thread.Sleep(250);
        }
    }

    private string Tail(string log)
    {
        var path = Path.Combine(folder, log);
        return File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(15)) : "(none)";
    }

    private static void WaitForExit(int pid)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10) && Directory.Exists($"/proc/{pid}"))
        {
            Thread.Sleep(100);
        }
    }

    private static string? Try(Func<string> action)
    {
        try
        {
            return action();
        }
#pragma warning disable CA1031 // Teardown and polling go on whatever one command says; the caller decides.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Concat(["/usr/sbin", "/sbin"])
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
