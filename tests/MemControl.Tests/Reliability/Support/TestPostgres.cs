using MemControl.Search.Tests.Support;

namespace MemControl.Tests.Reliability.Support;

/// <summary>A fresh database on the throwaway PostgreSQL server of the storage tests, or a skip saying why there is none.</summary>
internal static class TestPostgres
{
    public static PostgresServer Server
    {
        get
        {
            var server = PostgresServer.Instance;
            if (server.SkipReason is { } reason)
            {
                Assert.Skip(reason);
            }

            return server;
        }
    }

    public static string Url() => Server.CreateDatabase();
}
