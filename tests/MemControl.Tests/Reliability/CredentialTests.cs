using System.Net;
using System.Net.Sockets;
using MemControl.Cli;
using MemControl.Tests.Reliability.Support;

namespace MemControl.Tests.Reliability;

/// <summary>
/// A PostgreSQL password comes from the environment (PGPASSWORD) or a password file (PGPASSFILE, ~/.pgpass), never
/// from the URL, and appears in no output: not in worker logs, not in `search status`, not in connection errors.
/// </summary>
public sealed class CredentialTests
{
    private const string Secret = "s3cret-Pa55word-do-not-print";

    private static readonly Dictionary<string, string?> WithPassword = new() { ["PGPASSWORD"] = Secret };

    [Fact]
    public void A_worker_and_search_status_never_print_the_password()
    {
        // Given
        var url = TestPostgres.Url();

        // When
        var worker = CliProcess.Run(["search", "worker", "--storage", url, "--trials", "3", "--heartbeat-s", "0.2", "--grace-s", "1"], TimeSpan.FromMinutes(2), WithPassword);
        var status = CliProcess.Run(["search", "status", "--storage", url], TimeSpan.FromMinutes(1), WithPassword);
        var json = CliProcess.Run(["search", "status", "--storage", url, "--json"], TimeSpan.FromMinutes(1), WithPassword);

        // Then
        foreach (var (exitCode, output) in new[] { worker, status, json })
        {
            Assert.True(exitCode == 0, output);
            Assert.DoesNotContain(Secret, output, StringComparison.Ordinal);
        }

        Assert.Contains("3 complete", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_server_is_one_line_without_the_password_or_a_stack_trace()
    {
        // Given: a port nobody listens on
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        // When
        var (exitCode, output) = CliProcess.Run(["search", "status", "--storage", $"postgresql://someone@127.0.0.1:{port}/studies"], TimeSpan.FromMinutes(1), WithPassword);

        // Then
        Assert.Equal(UserErrors.BadInput, exitCode);
        Assert.Contains($"postgresql://someone@127.0.0.1:{port}/studies", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_in_the_url_is_refused_without_echoing_it()
    {
        // When
        var (exitCode, output) = CliProcess.Run(["search", "status", "--storage", $"postgresql://someone:{Secret}@127.0.0.1:5432/studies"], TimeSpan.FromMinutes(1));

        // Then
        Assert.Equal(UserErrors.BadUsage, exitCode);
        Assert.Contains("PGPASSWORD", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, output, StringComparison.Ordinal);
    }
}
