using System.Globalization;
using System.Text.RegularExpressions;

namespace MemControl.Cli;

/// <summary>
/// Rewrites Spectre.Console.Cli's parse errors into messages that name the option and what it takes: an unknown option
/// gets the nearest option of the command ("did you mean --steps?"), a value that does not convert gets the option's
/// name and type (Spectre says only "Failed to convert 'abc' to Nullable`1").
/// </summary>
internal static partial class CommandLineMistakes
{
    public static Exception Explain(Exception exception, IReadOnlyList<string> args, CommandCatalog catalog)
    {
        if (catalog.SettingsFor(args) is not { } settings)
        {
            return exception;
        }

        var options = CommandCatalog.Options(settings).ToList();
        var command = string.Join(' ', args.TakeWhile(arg => !arg.StartsWith('-')).Take(2));
        if (UnknownOption().Match(exception.Message) is { Success: true } unknown)
        {
            var name = unknown.Groups[1].Value.TrimStart('-');
            var typed = (name.Length == 1 ? "-" : "--") + name;
            var nearest = options.Select(option => option.Name).Distinct()
                .Select(option => (Option: option, Distance: Distance(typed, option)))
                .Where(candidate => candidate.Distance <= Math.Max(2, typed.Length / 3))
                .OrderBy(candidate => candidate.Distance).ThenBy(candidate => candidate.Option, StringComparer.Ordinal)
                .Select(candidate => candidate.Option).FirstOrDefault();
            var hint = nearest is null ? $"`memcontrol {command} --help` lists its options" : $"did you mean {nearest}?";
            return new ArgumentException($"unknown option {typed} for `memcontrol {command}`; {hint}", exception);
        }

        if (FailedConversion().Match(exception.Message) is { Success: true } failed)
        {
            var value = failed.Groups[1].Value;
            if (OptionWithValue(args, value) is { } optionName
                && options.FirstOrDefault(option => option.Name == optionName) is { Property: { } property })
            {
                return new ArgumentException($"{optionName}: '{value}' is not {Expected(property.PropertyType)}", exception);
            }
        }

        return exception;
    }

    // The option whose value the user wrote as `value`: "--lr abc" or "--lr=abc".
    private static string? OptionWithValue(IReadOnlyList<string> args, string value)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].StartsWith('-') && args[i].Split('=', 2) is [var name, var inline] && inline == value)
            {
                return name;
            }

            if (args[i].StartsWith('-') && i + 1 < args.Count && args[i + 1] == value)
            {
                return args[i];
            }
        }

        return null;
    }

    private static string Expected(Type type)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? (type.IsArray ? type.GetElementType()! : type);
        return plain switch
        {
            _ when plain == typeof(int) => $"a whole number from {int.MinValue.ToString("N0", CultureInfo.InvariantCulture)} to {int.MaxValue.ToString("N0", CultureInfo.InvariantCulture)}",
            _ when plain == typeof(long) => "a whole number",
            _ when plain == typeof(double) || plain == typeof(float) => "a number (e.g. 1e-4)",
            _ when plain == typeof(bool) => "true or false",
            _ when plain.IsEnum => $"one of {string.Join(", ", Enum.GetNames(plain).Select(name => name.ToLowerInvariant()))}",
            _ => $"a valid {plain.Name}",
        };
    }

    // Levenshtein distance, for the "did you mean" hint.
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    [GeneratedRegex("Unknown option '([^']+)'")]
    private static partial Regex UnknownOption();

    [GeneratedRegex("Failed to convert '(.*)' to ")]
    private static partial Regex FailedConversion();
}
