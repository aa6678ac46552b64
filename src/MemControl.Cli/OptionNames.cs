using System.Text.RegularExpressions;

namespace MemControl.Cli;

/// <summary>
/// The one place library errors meet command-line words (docs/architecture.md, "Errors"): library code names its
/// properties ("FirstSteps: …") or says what it parsed, and a command re-words the error with the options the user
/// typed, through the tables in <see cref="OptionTables"/>. OptionNamesTests checks every table against the commands' real options.
/// </summary>
public static class OptionNames
{
    /// <summary>
    /// Runs a library check; its <see cref="ArgumentException"/> is re-thrown with every property name the message
    /// holds replaced by its option in <paramref name="tables"/> (whole words, so "Steps" is not "FirstSteps").
    /// </summary>
    public static void Check(Action check, params OptionTable[] tables) => Check<object?>(() =>
    {
        check();
        return null;
    }, tables);

    /// <inheritdoc cref="Check(Action, OptionTable[])"/>
    public static T Check<T>(Func<T> check, params OptionTable[] tables)
    {
        try
        {
            return check();
        }
        catch (ArgumentException error)
        {
            throw new ArgumentException(Replace(error.Message, Merged(tables)), error);
        }
    }

    /// <summary>
    /// A user's error as the command <paramref name="settings"/> words it: <see cref="OptionTables.SameEverywhere"/>'s names that are
    /// options of that command become the options; the exception keeps its type, so its exit code stays (UserErrors).
    /// </summary>
    public static Exception Reworded(Exception error, Type? settings)
    {
        if (settings is null)
        {
            return error;
        }

        var message = Reword(error.Message, settings);
        return message == error.Message ? error : error switch
        {
            FileNotFoundException missing => new FileNotFoundException(message, missing.FileName, error),
            DirectoryNotFoundException => new DirectoryNotFoundException(message, error),
            InvalidDataException => new InvalidDataException(message, error),
            ArgumentException => new ArgumentException(message, error),
            // A worker (benchmark-worker, search worker) has none of the options its parent's user typed.
            MemControl.Workflow.Processes.ChildProcessFailedException child => new MemControl.Workflow.Processes.ChildProcessFailedException(child.ExitCode, message),
            _ => error,
        };
    }

    /// <summary>A message (an error, a data problem) with <see cref="OptionTables.SameEverywhere"/>'s names that are options of <paramref name="settings"/> as those options.</summary>
    public static string Reword(string message, Type settings)
    {
        var options = settings.GetProperties()
            .SelectMany(property => property.GetCustomAttributes(typeof(Spectre.Console.Cli.CommandOptionAttribute), inherit: true))
            .Cast<Spectre.Console.Cli.CommandOptionAttribute>()
            .SelectMany(option => option.LongNames)
            .Select(name => $"--{name}")
            .ToHashSet(StringComparer.Ordinal);
        var flags = OptionTables.SameEverywhere.Where(pair => options.Contains(pair.Value)).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        return flags.Count == 0
            ? message
            : Replace(message, flags);
    }

    /// <summary>A value parsed by the library from one option: its error is prefixed with the option's name.</summary>
    public static T Parsed<T>(string option, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (ArgumentException error)
        {
            throw new ArgumentException($"{option}: {error.Message}", error);
        }
    }

    /// <summary>The tables of one check as one map; two tables giving one property different options is a bug here.</summary>
    private static Dictionary<string, string> Merged(IEnumerable<OptionTable> tables)
    {
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (property, flag) in tables.SelectMany(table => table.Flags))
        {
            if (flags.TryGetValue(property, out var other) && other != flag)
            {
                throw new InvalidOperationException($"OptionNames: '{property}' is both {other} and {flag} in one check");
            }

            flags[property] = flag;
        }

        return flags;
    }

    /// <summary>
    /// <paramref name="message"/> with every property name in <paramref name="flags"/> (whole words) replaced by its
    /// option, except inside a quoted value ('…', as library errors quote paths and values): a folder named Output
    /// stays a folder.
    /// </summary>
    private static string Replace(string message, IReadOnlyDictionary<string, string> flags)
    {
        if (flags.Count == 0)
        {
            return message;
        }

        // A quote opens after a space, a colon, a parenthesis or at the start (not the apostrophe of "model's") and closes
        // at a quote followed by the end or punctuation (not the apostrophe in /home/o'brien/). .NET's own
        // "(Parameter 'X')" names a property, so that one is reworded.
        var pattern = $@"(?<quoted>(?<!Parameter )(?<=^|[\s(:=])'[^\n]*?'(?=$|[\s),.;:]))|\b(?<name>{string.Join('|', flags.Keys.Select(Regex.Escape))})\b";
        return Regex.Replace(message, pattern, match => match.Groups["quoted"].Success ? match.Value : flags[match.Value]);
    }
}
