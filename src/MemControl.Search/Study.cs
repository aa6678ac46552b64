using System.Text.Json;
using MemControl.Search.Distributions;
using MemControl.Search.Pareto;
using MemControl.Search.Samplers;
using MemControl.Search.Storage;

namespace MemControl.Search;

/// <summary>
/// An optimisation task (optuna's Study): a name in a storage, one direction per objective, a sampler.
/// <see cref="Ask"/> and <see cref="Tell(Trial, IReadOnlyList{double})"/> are the core — a training job can run
/// anywhere between them — and <see cref="Optimize"/> is the worker loop over them.
/// One <see cref="Study"/> object belongs to one thread; several processes or machines share a study through
/// its storage.
/// </summary>
public sealed class Study
{
    private readonly TrialCache cache;
    private readonly FinishedTrialScan searchSpaceScan = new();
    private Dictionary<string, ParameterDistribution>? searchSpace;

    private Study(IStudyStorage storage, StudyInfo info, ISampler sampler, string worker)
    {
        Storage = storage;
        Info = info;
        Sampler = sampler;
        Worker = worker;
        cache = new TrialCache(storage, info.StudyId);
    }

    public IStudyStorage Storage { get; }

    public StudyInfo Info { get; }

    public int StudyId => Info.StudyId;

    public string Name => Info.Name;

    public IReadOnlyList<StudyDirection> Directions => Info.Directions;

    public ISampler Sampler { get; }

    /// <summary>Who runs the trials this object asks for (host:pid by default); stored with each trial.</summary>
    public string Worker { get; }

    /// <summary>Opens the named study, creating it when absent (directions must match an existing one).</summary>
    public static Study CreateOrLoad(
        IStudyStorage storage, string name, IReadOnlyList<StudyDirection> directions, ISampler? sampler = null, string? worker = null)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("a study needs a name.");
        }

        if (directions.Count == 0)
        {
            throw new ArgumentException("a study needs at least one objective direction.");
        }

        var info = storage.CreateOrLoadStudy(name, directions);
        return new Study(storage, info, sampler ?? new RandomSampler(), worker ?? DefaultWorkerName());
    }

    /// <summary>Opens an existing study; <see cref="ArgumentException"/> naming it when there is none.</summary>
    public static Study Load(IStudyStorage storage, string name, ISampler? sampler = null, string? worker = null)
    {
        var info = storage.FindStudy(name) ?? throw new ArgumentException($"no study named '{name}' in this storage.");
        return new Study(storage, info, sampler ?? new RandomSampler(), worker ?? DefaultWorkerName());
    }

    public static string DefaultWorkerName() => $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>All trials of the study by number, read now (only unfinished and new ones are read again).</summary>
    public IReadOnlyList<FrozenTrial> GetTrials() => cache.Refresh();

    /// <summary>
    /// All trials by number as of the last refresh — every <see cref="Ask()"/> refreshes once, so samplers read
    /// this instead of going back to storage. Valid until the next refresh.
    /// </summary>
    public IReadOnlyList<FrozenTrial> Trials => cache.Trials;

    /// <summary>
    /// The parameters every complete trial has, with the same distribution (optuna's intersection search space):
    /// what a sampler may propose as a whole. Updated incrementally.
    /// </summary>
    public IReadOnlyDictionary<string, ParameterDistribution> SearchSpace()
    {
        foreach (var trial in searchSpaceScan.NewlyFinished(Trials))
        {
            if (trial.State != TrialState.Complete)
            {
                continue;
            }

            if (searchSpace is null)
            {
                searchSpace = new Dictionary<string, ParameterDistribution>(trial.Distributions);
                continue;
            }

            foreach (var name in searchSpace.Keys.ToList())
            {
                if (!trial.Distributions.TryGetValue(name, out var d) || d != searchSpace[name])
                {
                    searchSpace.Remove(name);
                }
            }
        }

        return searchSpace ?? new Dictionary<string, ParameterDistribution>();
    }

    /// <summary>Adds a trial with fixed parameters, evaluated before sampled ones (e.g. the vanilla PEFT masks).</summary>
    public FrozenTrial Enqueue(IReadOnlyDictionary<string, (ParameterDistribution Distribution, object Value)> parameters) =>
        Storage.EnqueueTrial(
            StudyId,
            parameters.ToDictionary(p => p.Key, p => (p.Value.Distribution, p.Value.Distribution.ToInternal(p.Value.Value))));

    /// <summary>Claims the next trial (a waiting one first) and lets the sampler propose its parameters.</summary>
    public Trial Ask() => Ask(maxTrials: null)!;

    /// <summary>
    /// Like <see cref="Ask()"/>, but returns null when complete + pruned + running trials already reach
    /// <paramref name="maxTrials"/> (the study's total budget, shared by every worker).
    /// </summary>
    public Trial? Ask(int? maxTrials) => Ask(maxTrials, onClaimed: null);

    /// <summary><see cref="Ask(int?)"/>, calling <paramref name="onClaimed"/> as soon as storage hands out the trial.</summary>
    private Trial? Ask(int? maxTrials, Action<FrozenTrial>? onClaimed)
    {
        var claimed = Storage.StartTrial(StudyId, Worker, maxTrials);
        if (claimed is null)
        {
            return null;
        }

        onClaimed?.Invoke(claimed);

        cache.Refresh();
        Sampler.BeforeTrial(this, claimed);
        var space = SearchSpace();
        var relative = Sampler.SampleRelative(this, claimed, space);
        return new Trial(this, claimed, relative, space);
    }

    /// <summary>Finishes a trial with its objective values; a NaN or infinite value fails it (with the reason).</summary>
    public FrozenTrial Tell(Trial trial, IReadOnlyList<double> values)
    {
        if (values.Count != Directions.Count)
        {
            throw new ArgumentException($"study '{Name}' has {Directions.Count} objectives but {values.Count} values were told.");
        }

        var bad = values.Select((v, i) => (v, i)).Where(x => !double.IsFinite(x.v)).ToList();
        return bad.Count > 0
            ? Tell(trial, TrialState.Failed, $"objective {bad[0].i} is {bad[0].v}")
            : Storage.FinishTrial(trial.TrialId, TrialState.Complete, values);
    }

    /// <summary>Finishes a trial as pruned or failed (a reason is required for failed).</summary>
    public FrozenTrial Tell(Trial trial, TrialState state, string? failReason = null) =>
        Storage.FinishTrial(trial.TrialId, state, values: null, failReason);

    /// <summary>The complete trials no other complete trial dominates (the Pareto front), by number.</summary>
    public IReadOnlyList<FrozenTrial> BestTrials()
    {
        var complete = GetTrials().Where(t => t.State == TrialState.Complete).ToList();
        var losses = complete.Select(t => (IReadOnlyList<double>)ParetoFront.ToLosses(t.Values!, Directions)).ToList();
        var ranks = ParetoFront.NonDominatedRanks(losses);
        return complete.Where((_, i) => ranks[i] == 0).ToList();
    }

    /// <summary>
    /// The worker loop: ask → objective → tell until the study holds <paramref name="totalTrials"/> complete or
    /// pruned trials (the study's total, so rerunning continues where it stopped, and several workers share it).
    /// An objective that throws fails its trial with the exception's message and the loop goes on; with a heartbeat
    /// the loop also fails trials of dead workers and re-queues their parameters.
    /// </summary>
    public void Optimize(Func<Trial, IReadOnlyList<double>> objective, int totalTrials, OptimizeOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new OptimizeOptions();
        while (!cancellationToken.IsCancellationRequested)
        {
            if (options.HeartbeatInterval is not null)
            {
                foreach (var reaped in Storage.FailStaleTrials(StudyId, options.StaleGrace, options.MaxRetries))
                {
                    options.Log?.Invoke($"trial {reaped.Number} failed: {reaped.FailReason}");
                }
            }

            // The heartbeat starts the moment the trial is claimed, so sampling is covered too.
            Timer? heartbeat = null;
            Trial? trial;
            try
            {
                trial = Ask(totalTrials, claimed => heartbeat = options.HeartbeatInterval is { } interval
                    ? new Timer(_ => Beat(claimed.TrialId), null, interval, interval)
                    : null);
            }
            catch (TrialAlreadyFinishedException e)
            {
                // Another worker judged this one dead (heartbeat older than the grace) while it was sampling.
                heartbeat?.Dispose();
                options.Log?.Invoke($"trial dropped while sampling: {e.Message}");
                continue;
            }

            if (trial is null)
            {
                if (GetTrials().Count(t => t.State is TrialState.Complete or TrialState.Pruned) >= totalTrials)
                {
                    return;
                }

                cancellationToken.WaitHandle.WaitOne(options.IdlePoll);
                continue;
            }

            using (heartbeat)
            {
                RunOne(trial, objective, heartbeat, options, cancellationToken);
            }
        }
    }

    private void RunOne(Trial trial, Func<Trial, IReadOnlyList<double>> objective, Timer? heartbeat, OptimizeOptions options, CancellationToken cancellationToken)
    {
        (TrialState State, IReadOnlyList<double>? Values, string? Reason) outcome;
        try
        {
            outcome = (TrialState.Complete, objective(trial), null);
        }
        catch (TrialPrunedException)
        {
            outcome = (TrialState.Pruned, null, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = (TrialState.Failed, null, "cancelled");
        }
#pragma warning disable CA1031 // The worker loop records every objective failure with its reason and goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            outcome = (TrialState.Failed, null, $"{e.GetType().Name}: {e.Message}");
        }

        heartbeat?.Dispose();
        try
        {
            var told = outcome.State == TrialState.Complete ? Tell(trial, outcome.Values!) : Tell(trial, outcome.State, outcome.Reason);
            if (told.State == TrialState.Failed)
            {
                options.Log?.Invoke($"trial {told.Number} failed: {told.FailReason}");
            }
        }
        catch (TrialAlreadyFinishedException e)
        {
            options.Log?.Invoke($"trial {trial.Number}: result dropped, {e.Message}");
        }
    }

    private void Beat(long trialId)
    {
        try
        {
            Storage.RecordHeartbeat(trialId);
        }
#pragma warning disable CA1031 // A missed heartbeat is not fatal: the next one may succeed, and the reaper decides.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>A user attribute of a trial read back as a double, or null (helper for reports).</summary>
    public static double? UserAttributeDouble(FrozenTrial trial, string key) =>
        trial.UserAttributes.TryGetValue(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}
