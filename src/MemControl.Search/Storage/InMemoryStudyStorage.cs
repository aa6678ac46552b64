using System.Globalization;
using System.Text.Json;
using MemControl.Search.Distributions;

namespace MemControl.Search.Storage;

/// <summary>
/// Studies in this process's memory: for tests and single-process runs (no storage URL). One lock guards
/// everything, which makes each method a transaction.
/// </summary>
public sealed class InMemoryStudyStorage : IStudyStorage
{
    private readonly object gate = new();
    private readonly List<StudyRecord> studies = [];
    private readonly List<TrialRecord> trialsById = [];

    public StudyInfo CreateOrLoadStudy(string name, IReadOnlyList<StudyDirection> directions)
    {
        lock (gate)
        {
            var existing = studies.Find(s => s.Info.Name == name);
            if (existing is not null)
            {
                StudyDirections.RequireSame(existing.Info, directions);
                return existing.Info;
            }

            var info = new StudyInfo(studies.Count, name, directions.ToArray());
            studies.Add(new StudyRecord(info));
            return info;
        }
    }

    public StudyInfo? FindStudy(string name)
    {
        lock (gate)
        {
            return studies.Find(s => s.Info.Name == name)?.Info;
        }
    }

    public IReadOnlyList<StudyInfo> GetAllStudies()
    {
        lock (gate)
        {
            return studies.Select(s => s.Info).ToArray();
        }
    }

    public string? GetStudySystemAttribute(int studyId, string key)
    {
        lock (gate)
        {
            return Study(studyId).Attributes.GetValueOrDefault(key);
        }
    }

    public string SetStudySystemAttributeIfAbsent(int studyId, string key, string jsonValue)
    {
        lock (gate)
        {
            var attributes = Study(studyId).Attributes;
            return attributes.TryAdd(key, jsonValue) ? jsonValue : attributes[key];
        }
    }

    public FrozenTrial EnqueueTrial(
        int studyId,
        IReadOnlyDictionary<string, (ParameterDistribution Distribution, double InternalValue)> parameters,
        IReadOnlyDictionary<string, string>? systemAttributes = null)
    {
        lock (gate)
        {
            var record = NewTrial(Study(studyId), TrialState.Waiting, worker: null);
            foreach (var (name, (distribution, value)) in parameters)
            {
                record.Params[name] = (distribution, value);
            }

            foreach (var (key, value) in systemAttributes ?? new Dictionary<string, string>())
            {
                record.SystemAttributes[key] = value;
            }

            return record.Freeze();
        }
    }

    public FrozenTrial? StartTrial(int studyId, string worker, int? maxTrials = null)
    {
        lock (gate)
        {
            var study = Study(studyId);
            // complete + pruned + running = all − failed − waiting (kept as counts: no scan per ask).
            if (maxTrials is { } max && study.Trials.Count - study.FailedCount - study.Waiting.Count >= max)
            {
                return null;
            }

            var now = Now();
            if (study.Waiting.TryDequeue(out var waiting))
            {
                study.Running.Add(waiting);
                waiting.State = TrialState.Running;
                waiting.Worker = worker;
                waiting.Started = now;
                waiting.Heartbeat = now;
                return waiting.Freeze();
            }

            return NewTrial(study, TrialState.Running, worker).Freeze();
        }
    }

    public void SetTrialParameter(long trialId, string name, ParameterDistribution distribution, double internalValue)
    {
        lock (gate)
        {
            Running(trialId).Params[name] = (distribution, internalValue);
        }
    }

    public void SetTrialUserAttribute(long trialId, string key, string jsonValue)
    {
        lock (gate)
        {
            Running(trialId).UserAttributes[key] = jsonValue;
        }
    }

    public void SetTrialSystemAttribute(long trialId, string key, string jsonValue)
    {
        lock (gate)
        {
            Running(trialId).SystemAttributes[key] = jsonValue;
        }
    }

    public void RecordHeartbeat(long trialId)
    {
        lock (gate)
        {
            Running(trialId).Heartbeat = Now();
        }
    }

    public FrozenTrial FinishTrial(long trialId, TrialState state, IReadOnlyList<double>? values = null, string? failReason = null)
    {
        TrialTransitions.RequireFinishable(state, values, failReason);
        lock (gate)
        {
            var record = Running(trialId);
            if (state == TrialState.Failed)
            {
                studies[record.StudyId].FailedCount++;
            }

            studies[record.StudyId].Running.Remove(record);
            record.State = state;
            record.Values = values?.ToArray();
            record.FailReason = failReason;
            record.Finished = Now();
            return record.Freeze();
        }
    }

    public IReadOnlyList<FrozenTrial> FailStaleTrials(int studyId, TimeSpan grace, int maxRetries)
    {
        lock (gate)
        {
            var study = Study(studyId);
            var now = Now();
            var failed = new List<FrozenTrial>();
            foreach (var stale in study.Running.Where(t => t.Heartbeat < now - grace).OrderBy(t => t.Number).ToList())
            {
                study.Running.Remove(stale);
                stale.State = TrialState.Failed;
                study.FailedCount++;
                stale.Finished = now;
                stale.FailReason = TrialTransitions.StaleReason(stale.Worker, now - stale.Heartbeat!.Value);
                failed.Add(stale.Freeze());
                var retries = RetryCountOf(stale.SystemAttributes.GetValueOrDefault(RetryAttributes.RetryCount));
                if (retries < maxRetries)
                {
                    var retry = NewTrial(study, TrialState.Waiting, worker: null);
                    foreach (var (name, p) in stale.Params)
                    {
                        retry.Params[name] = p;
                    }

                    retry.SystemAttributes[RetryAttributes.RetryOf] = stale.Number.ToString(CultureInfo.InvariantCulture);
                    retry.SystemAttributes[RetryAttributes.RetryCount] = (retries + 1).ToString(CultureInfo.InvariantCulture);
                }
            }

            return failed;
        }
    }

    public FrozenTrial GetTrial(long trialId)
    {
        lock (gate)
        {
            return Trial(trialId).Freeze();
        }
    }

    public IReadOnlyList<FrozenTrial> GetTrials(int studyId, int fromNumber = 0)
    {
        lock (gate)
        {
            var trials = Study(studyId).Trials;
            var result = new FrozenTrial[Math.Max(0, trials.Count - fromNumber)];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = trials[fromNumber + i].Freeze();
            }

            return result;
        }
    }

    public DateTimeOffset Now() => DateTimeOffset.UtcNow;

    public void Dispose()
    {
    }

    private static int RetryCountOf(string? json) =>
        json is null ? 0 : int.Parse(json, CultureInfo.InvariantCulture);

    private StudyRecord Study(int studyId) =>
        studyId >= 0 && studyId < studies.Count ? studies[studyId] : throw new KeyNotFoundException($"no study with id {studyId}.");

    private TrialRecord Trial(long trialId) =>
        trialId >= 0 && trialId < trialsById.Count ? trialsById[(int)trialId] : throw new KeyNotFoundException($"no trial with id {trialId}.");

    private TrialRecord Running(long trialId)
    {
        var record = Trial(trialId);
        return record.State.IsFinished() ? throw new TrialAlreadyFinishedException(trialId, record.State) : record;
    }

    private TrialRecord NewTrial(StudyRecord study, TrialState state, string? worker)
    {
        var now = Now();
        var record = new TrialRecord(trialsById.Count, study.Trials.Count, study.Info.StudyId)
        {
            State = state,
            Worker = worker,
            Started = state == TrialState.Running ? now : null,
            Heartbeat = state == TrialState.Running ? now : null,
        };
        trialsById.Add(record);
        study.Trials.Add(record);
        if (state == TrialState.Waiting)
        {
            study.Waiting.Enqueue(record); // numbers only grow, so the queue stays in number order
        }
        else
        {
            study.Running.Add(record);
        }

        return record;
    }

    private sealed class StudyRecord(StudyInfo info)
    {
        public StudyInfo Info { get; } = info;

        public Dictionary<string, string> Attributes { get; } = [];

        public List<TrialRecord> Trials { get; } = [];

        public Queue<TrialRecord> Waiting { get; } = new();

        public HashSet<TrialRecord> Running { get; } = [];

        public int FailedCount { get; set; }
    }

    private sealed class TrialRecord(long trialId, int number, int studyId)
    {
        private FrozenTrial? frozen;

        public int StudyId { get; } = studyId;

        public long TrialId { get; } = trialId;

        public int Number { get; } = number;

        public TrialState State { get; set; }

        public double[]? Values { get; set; }

        public Dictionary<string, (ParameterDistribution Distribution, double Value)> Params { get; } = [];

        public Dictionary<string, string> UserAttributes { get; } = [];

        public Dictionary<string, string> SystemAttributes { get; } = [];

        public string? Worker { get; set; }

        public DateTimeOffset? Started { get; set; }

        public DateTimeOffset? Finished { get; set; }

        public DateTimeOffset? Heartbeat { get; set; }

        public string? FailReason { get; set; }

        /// <summary>A snapshot; a finished trial's snapshot is built once and shared (it can never change).</summary>
        public FrozenTrial Freeze()
        {
            if (frozen is not null)
            {
                return frozen;
            }

            var snapshot = new FrozenTrial
            {
                TrialId = TrialId,
                Number = Number,
                State = State,
                Values = Values,
                Params = Params.ToDictionary(p => p.Key, p => p.Value.Value),
                Distributions = Params.ToDictionary(p => p.Key, p => p.Value.Distribution),
                UserAttributes = UserAttributes.ToDictionary(a => a.Key, a => JsonDocument.Parse(a.Value).RootElement.Clone()),
                SystemAttributes = SystemAttributes.ToDictionary(a => a.Key, a => JsonDocument.Parse(a.Value).RootElement.Clone()),
                Worker = Worker,
                Started = Started,
                Finished = Finished,
                Heartbeat = Heartbeat,
                FailReason = FailReason,
            };
            if (State.IsFinished())
            {
                frozen = snapshot;
            }

            return snapshot;
        }
    }
}
