using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using MemControl.Search;
using MemControl.Search.Distributions;
using MemControl.Search.Storage;

namespace MemControl.Storage;

/// <summary>
/// The <see cref="IStudyStorage"/> contract in SQL shared by SQLite and PostgreSQL. Each method is one
/// transaction on a connection of its own (pooled by the driver), which is what makes it safe across threads,
/// processes and machines. Differences between the databases (how to lock a study, the clock, the schema files)
/// are the few abstract members below. Times are stored as Unix seconds from the database's clock, so heartbeats
/// written by different machines compare on one clock.
/// </summary>
public abstract class SqlStudyStorage : IStudyStorage
{
    /// <summary>The schema version this code reads and writes (the highest migration number).</summary>
    public const int SchemaVersion = 1;

    /// <summary>"sqlite" or "postgres": the folder of this dialect's migrations under Schema/.</summary>
    protected abstract string Dialect { get; }

    /// <summary>An SQL expression for the database's current time in Unix seconds.</summary>
    protected abstract string NowSql { get; }

    /// <summary>Opens a new connection (pooled by the driver) ready for use.</summary>
    protected abstract DbConnection OpenConnection();

    /// <summary>Begins a transaction that serialises writers of one study (SQLite: BEGIN IMMEDIATE).</summary>
    protected abstract DbTransaction BeginWrite(DbConnection connection);

    /// <summary>Within a write transaction, waits for other writers of the study to finish (PostgreSQL: a row lock).</summary>
    protected abstract void LockStudy(DbConnection connection, DbTransaction transaction, int studyId);

    /// <summary>Within a write transaction, serialises schema creation and study creation across processes.</summary>
    protected abstract void LockCatalog(DbConnection connection, DbTransaction transaction);

    /// <summary>Creates or upgrades the schema; throws when the database holds a newer schema than this code knows.</summary>
    protected void EnsureSchema(string where)
    {
        using var connection = OpenConnection();
        using var transaction = BeginWrite(connection);
        LockCatalog(connection, transaction);
        var version = ReadSchemaVersion(connection, transaction);
        if (version > SchemaVersion)
        {
            throw new InvalidDataException(
                $"{where}: schema_version is {version}, newer than this memcontrol knows ({SchemaVersion}); update memcontrol.");
        }

        foreach (var (number, sql) in Migrations().Where(m => m.Number > version))
        {
            Execute(connection, transaction, sql);
            Execute(connection, transaction,
                "INSERT INTO version_info (version_info_id, schema_version) VALUES (1, @v) " +
                "ON CONFLICT (version_info_id) DO UPDATE SET schema_version = excluded.schema_version",
                ("v", number));
        }

        transaction.Commit();
    }

    /// <summary>The schema version stored in the database (0 when it has no schema yet).</summary>
    public int ReadSchemaVersion()
    {
        using var connection = OpenConnection();
        using var transaction = connection.BeginTransaction();
        return ReadSchemaVersion(connection, transaction);
    }

    public StudyInfo CreateOrLoadStudy(string name, IReadOnlyList<StudyDirection> directions)
    {
        using var connection = OpenConnection();
        using var transaction = BeginWrite(connection);
        LockCatalog(connection, transaction);
        var existing = FindStudy(connection, transaction, name);
        if (existing is not null)
        {
            StudyDirections.RequireSame(existing, directions);
            return existing;
        }

        var studyId = Convert.ToInt32(
            Scalar(connection, transaction, "INSERT INTO studies (study_name) VALUES (@n) RETURNING study_id", ("n", name)),
            CultureInfo.InvariantCulture);
        for (var i = 0; i < directions.Count; i++)
        {
            Execute(connection, transaction, "INSERT INTO study_directions (study_id, objective, direction) VALUES (@s, @o, @d)",
                ("s", studyId), ("o", i), ("d", (int)directions[i]));
        }

        transaction.Commit();
        return new StudyInfo(studyId, name, directions.ToArray());
    }

    public StudyInfo? FindStudy(string name)
    {
        using var connection = OpenConnection();
        using var transaction = connection.BeginTransaction();
        return FindStudy(connection, transaction, name);
    }

    public IReadOnlyList<StudyInfo> GetAllStudies()
    {
        using var connection = OpenConnection();
        using var transaction = connection.BeginTransaction();
        var names = new List<string>();
        using (var reader = Reader(connection, transaction, "SELECT study_name FROM studies ORDER BY study_id"))
        {
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }
        }

        return names.Select(n => FindStudy(connection, transaction, n)!).ToList();
    }

    public string? GetStudySystemAttribute(int studyId, string key)
    {
        using var connection = OpenConnection();
        using var transaction = connection.BeginTransaction();
        RequireStudy(connection, transaction, studyId);
        return Scalar(connection, transaction, "SELECT value_json FROM study_system_attributes WHERE study_id = @s AND key = @k",
            ("s", studyId), ("k", key)) as string;
    }

    public string SetStudySystemAttributeIfAbsent(int studyId, string key, string jsonValue)
    {
        using var connection = OpenConnection();
        using var transaction = BeginWrite(connection);
        RequireStudy(connection, transaction, studyId);
        Execute(connection, transaction,
            "INSERT INTO study_system_attributes (study_id, key, value_json) VALUES (@s, @k, @v) ON CONFLICT (study_id, key) DO NOTHING",
            ("s", studyId), ("k", key), ("v", jsonValue));
        var stored = (string)Scalar(connection, transaction,
            "SELECT value_json FROM study_system_attributes WHERE study_id = @s AND key = @k", ("s", studyId), ("k", key))!;
        transaction.Commit();
        return stored;
    }

    public FrozenTrial EnqueueTrial(
        int studyId,
        IReadOnlyDictionary<string, (ParameterDistribution Distribution, double InternalValue)> parameters,
        IReadOnlyDictionary<string, string>? systemAttributes = null)
    {
        using var connection = OpenConnection();
        using var transaction = BeginWrite(connection);
        RequireStudy(connection, transaction, studyId);
        LockStudy(connection, transaction, studyId);
        var trialId = InsertTrial(connection, transaction, studyId, TrialState.Waiting, worker: null);
        foreach (var (name, (distribution, value)) in parameters)
        {
            InsertParam(connection, transaction, trialId, name, distribution.ToJson(), value);
        }

        foreach (var (key, value) in systemAttributes ?? new Dictionary<string, string>())
        {
            UpsertAttribute(connection, transaction, "trial_system_attributes", trialId, key, value);
        }

        transaction.Commit();
        return GetTrial(trialId);
    }

    public FrozenTrial? StartTrial(int studyId, string worker, int? maxTrials = null)
    {
        long trialId;
        using (var connection = OpenConnection())
        using (var transaction = BeginWrite(connection))
        {
            RequireStudy(connection, transaction, studyId);
            LockStudy(connection, transaction, studyId);
            if (maxTrials is { } max)
            {
                // complete + pruned + running = all − failed − waiting; numbers are dense, so all = max(number) + 1.
                // Failed and waiting trials are few, so this stays cheap as the study grows.
                var all = Convert.ToInt64(Scalar(connection, transaction,
                    "SELECT COALESCE(MAX(number) + 1, 0) FROM trials WHERE study_id = @s", ("s", studyId)), CultureInfo.InvariantCulture);
                var idle = Convert.ToInt64(Scalar(connection, transaction,
                    "SELECT COUNT(*) FROM trials WHERE study_id = @s AND state IN (@f, @w)",
                    ("s", studyId), ("f", (int)TrialState.Failed), ("w", (int)TrialState.Waiting)), CultureInfo.InvariantCulture);
                if (all - idle >= max)
                {
                    return null;
                }
            }

            var waiting = Scalar(connection, transaction,
                "SELECT trial_id FROM trials WHERE study_id = @s AND state = @w ORDER BY number LIMIT 1",
                ("s", studyId), ("w", (int)TrialState.Waiting));
            if (waiting is not null and not DBNull)
            {
                trialId = Convert.ToInt64(waiting, CultureInfo.InvariantCulture);
                Execute(connection, transaction,
                    $"UPDATE trials SET state = @r, worker = @k, started = {NowSql}, heartbeat = {NowSql} WHERE trial_id = @t",
                    ("r", (int)TrialState.Running), ("k", worker), ("t", trialId));
            }
            else
            {
                trialId = InsertTrial(connection, transaction, studyId, TrialState.Running, worker);
            }

            transaction.Commit();
        }

        return GetTrial(trialId);
    }

    public void SetTrialParameter(long trialId, string name, ParameterDistribution distribution, double internalValue) =>
        WriteRunning(trialId, (c, t) => InsertParam(c, t, trialId, name, distribution.ToJson(), internalValue));

    public void SetTrialUserAttribute(long trialId, string key, string jsonValue) =>
        WriteRunning(trialId, (c, t) => UpsertAttribute(c, t, "trial_user_attributes", trialId, key, jsonValue));

    public void SetTrialSystemAttribute(long trialId, string key, string jsonValue) =>
        WriteRunning(trialId, (c, t) => UpsertAttribute(c, t, "trial_system_attributes", trialId, key, jsonValue));

    public void RecordHeartbeat(long trialId) =>
        WriteRunning(trialId, (c, t) => Execute(c, t, $"UPDATE trials SET heartbeat = {NowSql} WHERE trial_id = @t", ("t", trialId)));

    public FrozenTrial FinishTrial(long trialId, TrialState state, IReadOnlyList<double>? values = null, string? failReason = null)
    {
        TrialTransitions.RequireFinishable(state, values, failReason);
        WriteRunning(trialId, (c, t) =>
        {
            Execute(c, t, $"UPDATE trials SET state = @st, finished = {NowSql}, fail_reason = @r WHERE trial_id = @t",
                ("st", (int)state), ("r", failReason), ("t", trialId));
            for (var i = 0; i < (values?.Count ?? 0); i++)
            {
                Execute(c, t, "INSERT INTO trial_values (trial_id, objective, value) VALUES (@t, @o, @v)",
                    ("t", trialId), ("o", i), ("v", values![i]));
            }
        });
        return GetTrial(trialId);
    }

    public IReadOnlyList<FrozenTrial> FailStaleTrials(int studyId, TimeSpan grace, int maxRetries)
    {
        var failedIds = new List<long>();
        using (var connection = OpenConnection())
        using (var transaction = BeginWrite(connection))
        {
            RequireStudy(connection, transaction, studyId);
            var staleRunning = Scalar(connection, transaction,
                $"SELECT COUNT(*) FROM trials WHERE study_id = @s AND state = @r AND heartbeat < {NowSql} - @g",
                ("s", studyId), ("r", (int)TrialState.Running), ("g", grace.TotalSeconds));
            if (Convert.ToInt64(staleRunning, CultureInfo.InvariantCulture) == 0)
            {
                return []; // the common case: a read, no lock on the study
            }

            LockStudy(connection, transaction, studyId);
            var stale = new List<(long TrialId, int Number, string? Worker, double Age)>();
            using (var reader = Reader(connection, transaction,
                $"SELECT trial_id, number, worker, {NowSql} - heartbeat FROM trials WHERE study_id = @s AND state = @r AND heartbeat < {NowSql} - @g ORDER BY number",
                ("s", studyId), ("r", (int)TrialState.Running), ("g", grace.TotalSeconds)))
            {
                while (reader.Read())
                {
                    stale.Add((reader.GetInt64(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetDouble(3)));
                }
            }

            foreach (var (trialId, number, worker, age) in stale)
            {
                Execute(connection, transaction,
                    $"UPDATE trials SET state = @f, finished = {NowSql}, fail_reason = @why WHERE trial_id = @t",
                    ("f", (int)TrialState.Failed), ("why", TrialTransitions.StaleReason(worker, TimeSpan.FromSeconds(age))), ("t", trialId));
                failedIds.Add(trialId);
                var retries = Scalar(connection, transaction,
                    "SELECT value_json FROM trial_system_attributes WHERE trial_id = @t AND key = @k", ("t", trialId), ("k", RetryAttributes.RetryCount));
                var retryCount = retries is string s ? int.Parse(s, CultureInfo.InvariantCulture) : 0;
                if (retryCount >= maxRetries)
                {
                    continue;
                }

                var retryId = InsertTrial(connection, transaction, studyId, TrialState.Waiting, worker: null);
                Execute(connection, transaction,
                    "INSERT INTO trial_params (trial_id, name, value, distribution_json) SELECT @n, name, value, distribution_json FROM trial_params WHERE trial_id = @t",
                    ("n", retryId), ("t", trialId));
                UpsertAttribute(connection, transaction, "trial_system_attributes", retryId, RetryAttributes.RetryOf, number.ToString(CultureInfo.InvariantCulture));
                UpsertAttribute(connection, transaction, "trial_system_attributes", retryId, RetryAttributes.RetryCount, (retryCount + 1).ToString(CultureInfo.InvariantCulture));
            }

            transaction.Commit();
        }

        return failedIds.Select(GetTrial).ToList();
    }

    public FrozenTrial GetTrial(long trialId)
    {
        using var connection = OpenConnection();
        using var transaction = connection.BeginTransaction();
        var trials = ReadTrials(connection, transaction, "t.trial_id = @a", ("a", trialId));
        return trials.Count == 1 ? trials[0] : throw new KeyNotFoundException($"no trial with id {trialId}.");
    }

    public IReadOnlyList<FrozenTrial> GetTrials(int studyId, int fromNumber = 0)
    {
        using var connection = OpenConnection();
        using var transaction = BeginRead(connection);
        RequireStudy(connection, transaction, studyId);
        return ReadTrials(connection, transaction, "t.study_id = @a AND t.number >= @b", ("a", studyId), ("b", fromNumber));
    }

    public DateTimeOffset Now()
    {
        using var connection = OpenConnection();
        using var transaction = connection.BeginTransaction();
        return FromUnix(Convert.ToDouble(Scalar(connection, transaction, $"SELECT {NowSql}"), CultureInfo.InvariantCulture))!.Value;
    }

    public abstract void Dispose();

    /// <summary>A read transaction that sees one consistent snapshot across its queries.</summary>
    protected virtual DbTransaction BeginRead(DbConnection connection) => connection.BeginTransaction(IsolationLevel.RepeatableRead);

    protected static void Execute(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        command.ExecuteNonQuery();
    }

    protected static object? Scalar(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteScalar();
    }

    private static DbDataReader Reader(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteReader(CommandBehavior.Default);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private IEnumerable<(int Number, string Sql)> Migrations()
    {
        var assembly = typeof(SqlStudyStorage).Assembly;
        var prefix = $"Schema/{Dialect}/";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (int.Parse(n[prefix.Length..].Split('_')[0], CultureInfo.InvariantCulture), reader.ReadToEnd());
            })
            .OrderBy(m => m.Item1)
            .ToList();
    }

    private int ReadSchemaVersion(DbConnection connection, DbTransaction transaction)
    {
        var hasTable = Convert.ToInt64(Scalar(connection, transaction, TableExistsSql("version_info")), CultureInfo.InvariantCulture) > 0;
        return hasTable
            ? Convert.ToInt32(Scalar(connection, transaction, "SELECT COALESCE(MAX(schema_version), 0) FROM version_info"), CultureInfo.InvariantCulture)
            : 0;
    }

    /// <summary>A query counting tables of that name (1 when it exists).</summary>
    protected abstract string TableExistsSql(string table);

    private static StudyInfo? FindStudy(DbConnection connection, DbTransaction transaction, string name)
    {
        var id = Scalar(connection, transaction, "SELECT study_id FROM studies WHERE study_name = @n", ("n", name));
        if (id is null or DBNull)
        {
            return null;
        }

        var studyId = Convert.ToInt32(id, CultureInfo.InvariantCulture);
        var directions = new List<StudyDirection>();
        using var reader = Reader(connection, transaction, "SELECT direction FROM study_directions WHERE study_id = @s ORDER BY objective", ("s", studyId));
        while (reader.Read())
        {
            directions.Add((StudyDirection)reader.GetInt32(0));
        }

        return new StudyInfo(studyId, name, directions);
    }

    private static void RequireStudy(DbConnection connection, DbTransaction transaction, int studyId)
    {
        if (Scalar(connection, transaction, "SELECT study_id FROM studies WHERE study_id = @s", ("s", studyId)) is null or DBNull)
        {
            throw new KeyNotFoundException($"no study with id {studyId}.");
        }
    }

    private long InsertTrial(DbConnection connection, DbTransaction transaction, int studyId, TrialState state, string? worker)
    {
        var now = state == TrialState.Running ? NowSql : "NULL";
        return Convert.ToInt64(Scalar(connection, transaction,
            $"INSERT INTO trials (study_id, number, state, worker, started, heartbeat) " +
            $"VALUES (@s, (SELECT COALESCE(MAX(number) + 1, 0) FROM trials WHERE study_id = @s), @st, @k, {now}, {now}) RETURNING trial_id",
            ("s", studyId), ("st", (int)state), ("k", worker)), CultureInfo.InvariantCulture);
    }

    private static void InsertParam(DbConnection connection, DbTransaction transaction, long trialId, string name, string distributionJson, double value) =>
        Execute(connection, transaction,
            "INSERT INTO trial_params (trial_id, name, value, distribution_json) VALUES (@t, @n, @v, @d) " +
            "ON CONFLICT (trial_id, name) DO UPDATE SET value = excluded.value, distribution_json = excluded.distribution_json",
            ("t", trialId), ("n", name), ("v", value), ("d", distributionJson));

    private static void UpsertAttribute(DbConnection connection, DbTransaction transaction, string table, long trialId, string key, string jsonValue) =>
        Execute(connection, transaction,
            $"INSERT INTO {table} (trial_id, key, value_json) VALUES (@t, @k, @v) ON CONFLICT (trial_id, key) DO UPDATE SET value_json = excluded.value_json",
            ("t", trialId), ("k", key), ("v", jsonValue));

    /// <summary>Runs <paramref name="write"/> in a write transaction after checking the trial is still running.</summary>
    private void WriteRunning(long trialId, Action<DbConnection, DbTransaction> write)
    {
        using var connection = OpenConnection();
        using var transaction = BeginWrite(connection);
        var state = Scalar(connection, transaction, $"SELECT state FROM trials WHERE trial_id = @t{RowLockSuffix}", ("t", trialId));
        if (state is null or DBNull)
        {
            throw new KeyNotFoundException($"no trial with id {trialId}.");
        }

        var current = (TrialState)Convert.ToInt32(state, CultureInfo.InvariantCulture);
        if (current.IsFinished())
        {
            throw new TrialAlreadyFinishedException(trialId, current);
        }

        write(connection, transaction);
        transaction.Commit();
    }

    /// <summary>Appended to a single-row SELECT that precedes an update of that row (PostgreSQL: FOR UPDATE).</summary>
    protected abstract string RowLockSuffix { get; }

    private static List<FrozenTrial> ReadTrials(DbConnection connection, DbTransaction transaction, string where, params (string Name, object? Value)[] parameters)
    {
        var rows = new List<TrialRow>();
        var byId = new Dictionary<long, TrialRow>();
        using (var reader = Reader(connection, transaction,
            $"SELECT t.trial_id, t.number, t.state, t.worker, t.started, t.finished, t.heartbeat, t.fail_reason FROM trials t WHERE {where} ORDER BY t.number",
            parameters))
        {
            while (reader.Read())
            {
                var row = new TrialRow(reader.GetInt64(0), reader.GetInt32(1), (TrialState)reader.GetInt32(2))
                {
                    Worker = reader.IsDBNull(3) ? null : reader.GetString(3),
                    Started = reader.IsDBNull(4) ? null : reader.GetDouble(4),
                    Finished = reader.IsDBNull(5) ? null : reader.GetDouble(5),
                    Heartbeat = reader.IsDBNull(6) ? null : reader.GetDouble(6),
                    FailReason = reader.IsDBNull(7) ? null : reader.GetString(7),
                };
                rows.Add(row);
                byId[row.TrialId] = row;
            }
        }

        if (rows.Count == 0)
        {
            return [];
        }

        // The child tables are read by trial id through their primary keys (trial_id, …): a subquery on the
        // (study_id, number) index, so the cost follows the trials read, not the size of the study.
        var ids = $"SELECT t.trial_id FROM trials t WHERE {where}";

        using (var reader = Reader(connection, transaction,
            $"SELECT p.trial_id, p.name, p.value, p.distribution_json FROM trial_params p WHERE p.trial_id IN ({ids})", parameters))
        {
            var distributions = new Dictionary<string, ParameterDistribution>(); // parse each distinct JSON once
            while (reader.Read())
            {
                var row = byId[reader.GetInt64(0)];
                var json = reader.GetString(3);
                if (!distributions.TryGetValue(json, out var distribution))
                {
                    distributions[json] = distribution = ParameterDistribution.FromJson(json);
                }

                row.Params[reader.GetString(1)] = reader.GetDouble(2);
                row.Distributions[reader.GetString(1)] = distribution;
            }
        }

        using (var reader = Reader(connection, transaction,
            $"SELECT v.trial_id, v.objective, v.value FROM trial_values v WHERE v.trial_id IN ({ids}) ORDER BY v.trial_id, v.objective", parameters))
        {
            while (reader.Read())
            {
                byId[reader.GetInt64(0)].Values.Add(reader.GetDouble(2));
            }
        }

        foreach (var (table, pick) in new (string, Func<TrialRow, Dictionary<string, JsonElement>>)[]
                 { ("trial_user_attributes", r => r.UserAttributes), ("trial_system_attributes", r => r.SystemAttributes) })
        {
            using var reader = Reader(connection, transaction,
                $"SELECT a.trial_id, a.key, a.value_json FROM {table} a WHERE a.trial_id IN ({ids})", parameters);
            while (reader.Read())
            {
                using var document = JsonDocument.Parse(reader.GetString(2));
                pick(byId[reader.GetInt64(0)])[reader.GetString(1)] = document.RootElement.Clone();
            }
        }

        return rows.Select(r => r.Freeze()).ToList();
    }

    private static DateTimeOffset? FromUnix(double? seconds) =>
        seconds is { } s ? DateTimeOffset.UnixEpoch.AddTicks((long)(s * TimeSpan.TicksPerSecond)) : null;

    private sealed class TrialRow(long trialId, int number, TrialState state)
    {
        public long TrialId { get; } = trialId;

        public string? Worker { get; init; }

        public double? Started { get; init; }

        public double? Finished { get; init; }

        public double? Heartbeat { get; init; }

        public string? FailReason { get; init; }

        public List<double> Values { get; } = [];

        public Dictionary<string, double> Params { get; } = [];

        public Dictionary<string, ParameterDistribution> Distributions { get; } = [];

        public Dictionary<string, JsonElement> UserAttributes { get; } = [];

        public Dictionary<string, JsonElement> SystemAttributes { get; } = [];

        public FrozenTrial Freeze() => new()
        {
            TrialId = TrialId,
            Number = number,
            State = state,
            Values = Values.Count > 0 ? Values.ToArray() : null,
            Params = Params,
            Distributions = Distributions,
            UserAttributes = UserAttributes,
            SystemAttributes = SystemAttributes,
            Worker = Worker,
            Started = FromUnix(Started),
            Finished = FromUnix(Finished),
            Heartbeat = FromUnix(Heartbeat),
            FailReason = FailReason,
        };
    }
}
