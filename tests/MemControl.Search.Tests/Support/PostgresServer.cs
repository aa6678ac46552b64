using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace MemControl.Search.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL server for the tests (docs/dependencies.md §6): initdb into a temporary folder, pg_ctl start on a
/// free port with fsync off, stopped and deleted at the end. As root, the server runs as the postgres user (initdb
/// refuses root). When no PostgreSQL binaries are found, <see cref="SkipReason"/> says so and the tests skip.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private static readonly Lazy<PostgresServer> Shared = new(() => new PostgresServer());
    private readonly string? dataDirectory;
    private readonly string? binDirectory;
    private readonly bool asPostgresUser;
    private int databases;

    private PostgresServer()
    {
        binDirectory = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderBy(b => b, StringComparer.Ordinal).LastOrDefault()
            : null;
        if (binDirectory is null)
        {
            SkipReason = "PostgreSQL server binaries not found under /usr/lib/postgresql (run eng/ensure-postgres.sh).";
            return;
        }

        asPostgresUser = Environment.UserName == "root";
        dataDirectory = Path.Combine(Path.GetTempPath(), $"memcontrol-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(dataDirectory);
        var socketDirectory = Path.Combine(dataDirectory, "sock");
        var data = Path.Combine(dataDirectory, "data");
        Directory.CreateDirectory(socketDirectory);
        if (asPostgresUser)
        {
            Run("chown", $"-R postgres {dataDirectory}", asUser: false);
        }

        Port = FreePort();
        Run(Path.Combine(binDirectory, "initdb"), $"-D {data} -U postgres -A trust --no-sync", asPostgresUser);
        Run(Path.Combine(binDirectory, "pg_ctl"),
            $"-D {data} -o \"-p {Port} -k {socketDirectory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300\" -l {Path.Combine(dataDirectory, "pg.log")} -w start",
            asPostgresUser);
        started = true;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    private readonly bool started;

    public static PostgresServer Instance => Shared.Value;

    /// <summary>Why PostgreSQL tests cannot run here, or null.</summary>
    public string? SkipReason { get; private set; }

    public int Port { get; }

    /// <summary>A fresh, empty database and its storage URL (postgresql://postgres@127.0.0.1:port/name).</summary>
    public string CreateDatabase()
    {
        var name = $"t{Environment.ProcessId}_{Interlocked.Increment(ref databases)}_{Guid.NewGuid():N}"[..30];
        using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE {name}";
        command.ExecuteNonQuery();
        return $"postgresql://postgres@127.0.0.1:{Port}/{name}";
    }

    /// <summary>
    /// Stops the server the way an administrator's restart does (fast: open connections are terminated) and starts it
    /// again with the same options; returns how long it was down.
    /// </summary>
    public TimeSpan Restart()
    {
        var clock = Stopwatch.StartNew();
        Run(Path.Combine(binDirectory!, "pg_ctl"), $"-D {Path.Combine(dataDirectory!, "data")} -l {Path.Combine(dataDirectory!, "pg.log")} -m fast -w restart", asPostgresUser);
        return clock.Elapsed;
    }

    public void Dispose()
    {
        if (started && binDirectory is not null && dataDirectory is not null)
        {
            Run(Path.Combine(binDirectory, "pg_ctl"), $"-D {Path.Combine(dataDirectory, "data")} -m immediate stop", asPostgresUser, throwOnError: false);
        }

        if (dataDirectory is not null && Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string program, string arguments, bool asUser, bool throwOnError = true)
    {
        var start = asUser
            ? new ProcessStartInfo("su", ["postgres", "-s", "/bin/sh", "-c", $"{program} {arguments}"])
            : new ProcessStartInfo(program, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 && throwOnError)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed ({process.ExitCode}): {error}{output.Result}");
        }
    }
}
