using Npgsql;

namespace MemControl.Storage;

/// <summary>
/// A storage URL (the <c>--storage</c> option): <c>sqlite:///path/study.db</c> (also <c>sqlite:///./rel.db</c>),
/// <c>postgresql://user@host:port/db</c>, or none for in-memory. A PostgreSQL password never appears in a URL: it
/// comes from PGPASSWORD or a password file (PGPASSFILE, ~/.pgpass), as for psql; a URL holding one is refused, so
/// it is never echoed by logs, status output or errors.
/// </summary>
public sealed record StorageUrl
{
    private StorageUrl(string kind, string display, string target)
    {
        Kind = kind;
        Display = display;
        Target = target;
    }

    /// <summary>"memory", "sqlite" or "postgresql".</summary>
    public string Kind { get; }

    /// <summary>The URL as it may be shown (it never holds a password).</summary>
    public string Display { get; }

    /// <summary>The SQLite file path, or the Npgsql connection string (no password: Npgsql reads PGPASSWORD / PGPASSFILE itself).</summary>
    public string Target { get; }

    public static StorageUrl Parse(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || url is "memory" or "inmemory")
        {
            return new StorageUrl("memory", "memory", string.Empty);
        }

        if (url.StartsWith("sqlite:///", StringComparison.Ordinal))
        {
            var path = url["sqlite://".Length..];
            if (path.StartsWith("/./", StringComparison.Ordinal))
            {
                path = path[1..];
            }

            return path.Length <= 1
                ? throw new ArgumentException("a sqlite URL needs a file, e.g. sqlite:///runs/study.db.")
                : new StorageUrl("sqlite", url, path);
        }

        if (url.StartsWith("postgresql://", StringComparison.Ordinal) || url.StartsWith("postgres://", StringComparison.Ordinal))
        {
            return ParsePostgres(url);
        }

        throw new ArgumentException("expected sqlite:///path/study.db or postgresql://user@host:port/db.");
    }

    private static StorageUrl ParsePostgres(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException("cannot read the postgresql URL; expected postgresql://user@host:port/db.");
        }

        var userInfo = Uri.UnescapeDataString(uri.UserInfo);
        if (userInfo.Contains(':', StringComparison.Ordinal))
        {
            // Do not echo the URL: it holds a password.
            throw new ArgumentException("put the PostgreSQL password in PGPASSWORD or a password file, not in the URL.");
        }

        // libpq also reads a password from the query string (?password=...); such a URL would carry it into search.json,
        // logs and reports wherever the URL is echoed, so it is refused like user:password@ (without echoing it).
        if (HasPasswordParameter(uri.Query))
        {
            throw new ArgumentException("put the PostgreSQL password in PGPASSWORD or a password file (PGPASSFILE, ~/.pgpass), not in the URL's query string.");
        }

        var database = uri.AbsolutePath.Trim('/');
        if (database.Length == 0)
        {
            throw new ArgumentException("the postgresql URL needs a database, e.g. postgresql://user@host:5432/memcontrol.");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(database),
            Username = userInfo.Length > 0 ? userInfo : Environment.GetEnvironmentVariable("PGUSER") ?? Environment.UserName,
            MaxPoolSize = 20,
        };
        var display = $"postgresql://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}";
        return new StorageUrl("postgresql", display, builder.ConnectionString);
    }

    private static bool HasPasswordParameter(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => Uri.UnescapeDataString(pair.Split('=', 2)[0].Replace('+', ' ')).Trim())
            .Any(key => key.Contains("password", StringComparison.OrdinalIgnoreCase) || key.Equals("pwd", StringComparison.OrdinalIgnoreCase)
                || key.Equals("pass", StringComparison.OrdinalIgnoreCase) || key.Equals("passwd", StringComparison.OrdinalIgnoreCase));

    public override string ToString() => Display;
}
