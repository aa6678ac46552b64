using System.Diagnostics;
using System.Globalization;
using MemControl.Search;
using MemControl.Search.Distributions;
using MemControl.Search.Storage;

namespace MemControl.Storage;

/// <summary>
/// Retries the calls of a study storage that fail with a transient error (PostgreSQL restarted, failed over, a network
/// blip) with exponential back-off, so workers of a days-long search ride out a database restart instead of dying.
/// Each storage call is one transaction, which the server rolled back when the connection broke, so calling it again
/// is safe; the one window where a commit succeeds but its answer is lost ends harmlessly: a trial started twice leaves
/// an orphan RUNNING trial, which the heartbeat reaper fails and re-queues; a trial finished twice is refused as
/// already finished, which the worker loop already tolerates. After <see cref="MaxWait"/> the error is reported.
/// </summary>
public sealed class RetryingStudyStorage(IStudyStorage inner, string displayName, Func<Exception, bool> isTransient, Action<string>? log = null)
    : IStudyStorage
{
    /// <summary>The storage whose calls are retried.</summary>
    public IStudyStorage Inner => inner;

    /// <summary>The first pause before a retry; it doubles up to <see cref="MaxPause"/>.</summary>
    public TimeSpan FirstPause { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxPause { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one call keeps retrying before the error is reported.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Retries made so far (for logs and tests).</summary>
    public int Retries => retries;

    private int retries;

    public StudyInfo CreateOrLoadStudy(string name, IReadOnlyList<StudyDirection> directions) => Retry(() => inner.CreateOrLoadStudy(name, directions));

    public StudyInfo? FindStudy(string name) => Retry(() => inner.FindStudy(name));

    public IReadOnlyList<StudyInfo> GetAllStudies() => Retry(inner.GetAllStudies);

    public string? GetStudySystemAttribute(int studyId, string key) => Retry(() => inner.GetStudySystemAttribute(studyId, key));

    public string SetStudySystemAttributeIfAbsent(int studyId, string key, string jsonValue) =>
        Retry(() => inner.SetStudySystemAttributeIfAbsent(studyId, key, jsonValue));

    public FrozenTrial EnqueueTrial(
        int studyId,
        IReadOnlyDictionary<string, (ParameterDistribution Distribution, double InternalValue)> parameters,
        IReadOnlyDictionary<string, string>? systemAttributes = null) =>
        Retry(() => inner.EnqueueTrial(studyId, parameters, systemAttributes));

    public FrozenTrial? StartTrial(int studyId, string worker, int? maxTrials = null) => Retry(() => inner.StartTrial(studyId, worker, maxTrials));

    public void SetTrialParameter(long trialId, string name, ParameterDistribution distribution, double internalValue) =>
        Retry(() => inner.SetTrialParameter(trialId, name, distribution, internalValue));

    public void SetTrialUserAttribute(long trialId, string key, string jsonValue) => Retry(() => inner.SetTrialUserAttribute(trialId, key, jsonValue));

    public void SetTrialSystemAttribute(long trialId, string key, string jsonValue) => Retry(() => inner.SetTrialSystemAttribute(trialId, key, jsonValue));

    // A heartbeat is not retried: the next one comes soon, and the worker loop ignores a failed one.
    public void RecordHeartbeat(long trialId) => inner.RecordHeartbeat(trialId);

    public FrozenTrial FinishTrial(long trialId, TrialState state, IReadOnlyList<double>? values = null, string? failReason = null)
    {
        var attempts = 0;
        return Retry(() =>
        {
            try
            {
                attempts++;
                return inner.FinishTrial(trialId, state, values, failReason);
            }
            catch (TrialAlreadyFinishedException) when (attempts > 1)
            {
                // The first attempt committed but its answer was lost with the connection: the trial holds exactly
                // what this call wrote, so the call succeeded.
                var stored = inner.GetTrial(trialId);
                if (stored.State == state && (stored.Values ?? []).SequenceEqual(values ?? []))
                {
                    return stored;
                }

                throw;
            }
        });
    }

    public IReadOnlyList<FrozenTrial> FailStaleTrials(int studyId, TimeSpan grace, int maxRetries) => Retry(() => inner.FailStaleTrials(studyId, grace, maxRetries));

    public FrozenTrial GetTrial(long trialId) => Retry(() => inner.GetTrial(trialId));

    public IReadOnlyList<FrozenTrial> GetTrials(int studyId, int fromNumber = 0) => Retry(() => inner.GetTrials(studyId, fromNumber));

    public DateTimeOffset Now() => Retry(inner.Now);

    public void Dispose() => inner.Dispose();

    private void Retry(Action call) => Retry(() =>
    {
        call();
        return true;
    });

    private T Retry<T>(Func<T> call)
    {
        var waited = Stopwatch.StartNew();
        var pause = FirstPause;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return call();
            }
            catch (Exception e) when (isTransient(e))
            {
                if (waited.Elapsed + pause > MaxWait)
                {
                    throw new IOException(
                        $"storage {displayName}: still failing after {waited.Elapsed.TotalSeconds:0} s of retries: {e.Message}", e);
                }

                Interlocked.Increment(ref retries);
                log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                    $"storage {displayName}: {e.Message.Split('\n')[0]}; retry {attempt} in {pause.TotalSeconds:0.0} s"));
                Thread.Sleep(pause);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxPause.Ticks));
            }
        }
    }
}
