using System.Text.Json;
using MemControl.Search.Distributions;

namespace MemControl.Search;

/// <summary>
/// A snapshot of one trial as storage holds it (optuna's FrozenTrial). Never mutated: storages hand out new
/// snapshots, and a finished trial's snapshot stays valid for ever, which is what lets a study cache them.
/// </summary>
public sealed record FrozenTrial
{
    /// <summary>Storage-wide identity (unique across studies).</summary>
    public required long TrialId { get; init; }

    /// <summary>0, 1, 2, ... within the study, in order of creation.</summary>
    public required int Number { get; init; }

    public required TrialState State { get; init; }

    /// <summary>One value per objective when complete; null otherwise.</summary>
    public IReadOnlyList<double>? Values { get; init; }

    /// <summary>Internal parameter values (see <see cref="ParameterDistribution"/>), by parameter name.</summary>
    public IReadOnlyDictionary<string, double> Params { get; init; } = new Dictionary<string, double>();

    public IReadOnlyDictionary<string, ParameterDistribution> Distributions { get; init; } =
        new Dictionary<string, ParameterDistribution>();

    /// <summary>What the user recorded beyond the objectives (metrics, paths), as JSON values.</summary>
    public IReadOnlyDictionary<string, JsonElement> UserAttributes { get; init; } = new Dictionary<string, JsonElement>();

    /// <summary>Book-keeping of samplers and workers (generation, retry count), as JSON values.</summary>
    public IReadOnlyDictionary<string, JsonElement> SystemAttributes { get; init; } = new Dictionary<string, JsonElement>();

    /// <summary>The worker that claimed the trial (host:pid), null while waiting.</summary>
    public string? Worker { get; init; }

    public DateTimeOffset? Started { get; init; }

    public DateTimeOffset? Finished { get; init; }

    /// <summary>The last sign of life of the worker running this trial.</summary>
    public DateTimeOffset? Heartbeat { get; init; }

    /// <summary>Why a failed trial failed (exception message, NaN objective, stale heartbeat).</summary>
    public string? FailReason { get; init; }

    /// <summary>The parameter as the user reads it (bool, long, double or string).</summary>
    public object ExternalParam(string name) => Distributions[name].ToExternal(Params[name]);

    /// <summary>An integer system attribute, or null when absent.</summary>
    public int? SystemAttributeInt(string key) =>
        SystemAttributes.TryGetValue(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
}
