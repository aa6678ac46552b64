using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MemControl.Search.Distributions;

/// <summary>
/// The range a parameter is drawn from. Every value has an internal representation as a double (as in optuna):
/// a bool is 0/1, an int is itself, a float is itself, a categorical value is its index among the choices.
/// Storage keeps the internal value next to the distribution's JSON, so any worker can read it back.
/// </summary>
public abstract record ParameterDistribution
{
    /// <summary>True when <paramref name="internalValue"/> is a value this distribution can produce.</summary>
    public abstract bool Contains(double internalValue);

    /// <summary>A self-describing JSON text, e.g. <c>{"type":"float","low":1e-5,"high":1e-3,"log":true}</c>.</summary>
    public abstract string ToJson();

    /// <summary>The value as a user reads it (bool, long, double or string), for reports and JSON output.</summary>
    public abstract object ToExternal(double internalValue);

    /// <summary>The internal value of a user value (bool, integer, double or choice string); ArgumentException when outside.</summary>
    public double ToInternal(object value)
    {
        double internalValue = (this, value) switch
        {
            (BoolDistribution, bool b) => b ? 1 : 0,
            (CategoricalDistribution c, string s) => c.Choices.ToList().IndexOf(s),
            (IntDistribution or FloatDistribution, IConvertible n) when value is not (bool or string) =>
                n.ToDouble(CultureInfo.InvariantCulture),
            _ => double.NaN,
        };
        return Contains(internalValue)
            ? internalValue
            : throw new ArgumentException($"value '{value}' is not in the distribution {ToJson()}.");
    }

    /// <summary>Parses what <see cref="ToJson"/> wrote; throws <see cref="InvalidDataException"/> naming the field.</summary>
    public static ParameterDistribution FromJson(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"distribution JSON is not valid JSON: {e.Message}");
        }

        var type = node?["type"]?.GetValue<string>()
            ?? throw new InvalidDataException($"distribution JSON has no \"type\": {json}");
        return type switch
        {
            "bool" => new BoolDistribution(),
            "int" => new IntDistribution(Required(node!, "low"), Required(node!, "high")),
            "float" => new FloatDistribution(
                RequiredDouble(node!, "low"), RequiredDouble(node!, "high"), node!["log"]?.GetValue<bool>() ?? false),
            "categorical" => new CategoricalDistribution(
                (node!["choices"] as JsonArray ?? throw new InvalidDataException($"categorical distribution has no \"choices\": {json}"))
                .Select(c => c!.GetValue<string>()).ToArray()),
            _ => throw new InvalidDataException($"distribution JSON has an unknown \"type\" '{type}'."),
        };
    }

    private static long Required(JsonNode node, string key) =>
        node[key]?.GetValue<long>() ?? throw new InvalidDataException($"distribution JSON has no \"{key}\".");

    private static double RequiredDouble(JsonNode node, string key) =>
        node[key]?.GetValue<double>() ?? throw new InvalidDataException($"distribution JSON has no \"{key}\".");

    /// <summary>Round-trip text for a double in JSON.</summary>
    protected static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
