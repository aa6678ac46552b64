using MemControl.Search.Distributions;

namespace MemControl.Search.Storage;

/// <summary>
/// Where studies live (optuna's BaseStorage contract, written down):
/// <list type="bullet">
/// <item>Every method is safe to call from several threads, and — for the SQL storages — from several processes
/// and machines at once; each method is one transaction.</item>
/// <item>Returned <see cref="FrozenTrial"/>s are snapshots and are never mutated.</item>
/// <item>A finished trial (complete, pruned, failed) is immutable: changing it raises
/// <see cref="TrialAlreadyFinishedException"/>.</item>
/// <item>Trial numbers are dense per study (0, 1, 2, ...) and no trial is handed to two workers:
/// <see cref="StartTrial"/> creates or claims atomically.</item>
/// <item>Unknown study or trial ids raise <see cref="KeyNotFoundException"/>.</item>
/// </list>
/// </summary>
public interface IStudyStorage : IDisposable
{
    /// <summary>Creates the study, or returns the existing one of that name when its directions match.</summary>
    /// <exception cref="ArgumentException">A study of that name exists with other directions.</exception>
    StudyInfo CreateOrLoadStudy(string name, IReadOnlyList<StudyDirection> directions);

    /// <summary>The study of that name, or null.</summary>
    StudyInfo? FindStudy(string name);

    IReadOnlyList<StudyInfo> GetAllStudies();

    /// <summary>A study-wide attribute (JSON text) or null.</summary>
    string? GetStudySystemAttribute(int studyId, string key);

    /// <summary>
    /// Sets a study-wide attribute unless it is already set, and returns the value that is stored afterwards:
    /// the first writer wins, so workers racing to cache the same thing (a parent population) agree.
    /// </summary>
    string SetStudySystemAttributeIfAbsent(int studyId, string key, string jsonValue);

    /// <summary>Adds a waiting trial with fixed parameters (optuna's enqueue_trial).</summary>
    FrozenTrial EnqueueTrial(
        int studyId,
        IReadOnlyDictionary<string, (ParameterDistribution Distribution, double InternalValue)> parameters,
        IReadOnlyDictionary<string, string>? systemAttributes = null);

    /// <summary>
    /// Hands one trial to <paramref name="worker"/> in one transaction: the oldest waiting trial if any, else a
    /// new one. Returns null when <paramref name="maxTrials"/> is given and complete + pruned + running trials
    /// already reach it (so many workers together run exactly that many trials).
    /// </summary>
    FrozenTrial? StartTrial(int studyId, string worker, int? maxTrials = null);

    /// <summary>Records a parameter value of a running trial.</summary>
    void SetTrialParameter(long trialId, string name, ParameterDistribution distribution, double internalValue);

    void SetTrialUserAttribute(long trialId, string key, string jsonValue);

    void SetTrialSystemAttribute(long trialId, string key, string jsonValue);

    /// <summary>Marks a sign of life of the worker running the trial.</summary>
    void RecordHeartbeat(long trialId);

    /// <summary>
    /// Finishes a running trial: values are required for <see cref="TrialState.Complete"/>, a reason for
    /// <see cref="TrialState.Failed"/>. Raises <see cref="TrialAlreadyFinishedException"/> when it is finished.
    /// </summary>
    FrozenTrial FinishTrial(long trialId, TrialState state, IReadOnlyList<double>? values = null, string? failReason = null);

    /// <summary>
    /// Fails every running trial whose heartbeat is older than <paramref name="grace"/> and enqueues its
    /// parameters again (system attributes <c>retry_of</c> and <c>retry_count</c>) unless it already was retried
    /// <paramref name="maxRetries"/> times. Returns the trials it failed. Safe when several workers reap at once.
    /// </summary>
    IReadOnlyList<FrozenTrial> FailStaleTrials(int studyId, TimeSpan grace, int maxRetries);

    FrozenTrial GetTrial(long trialId);

    /// <summary>The study's trials with number &gt;= <paramref name="fromNumber"/>, ordered by number.</summary>
    IReadOnlyList<FrozenTrial> GetTrials(int studyId, int fromNumber = 0);

    /// <summary>The storage's clock (the database's, for SQL storages), used to age heartbeats.</summary>
    DateTimeOffset Now();
}
