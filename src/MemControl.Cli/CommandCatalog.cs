using System.Reflection;
using Spectre.Console.Cli;

namespace MemControl.Cli;

/// <summary>
/// The settings type of each command, recorded as <see cref="MemControlApp"/> adds the commands, so a command-line
/// mistake can be explained with the command's own options ("did you mean --steps?", "--lr takes a number").
/// </summary>
internal sealed class CommandCatalog
{
    private readonly Dictionary<string, Type> settingsByPath = new(StringComparer.Ordinal);

    public ICommandConfigurator Add<TCommand>(IConfigurator config, string name)
        where TCommand : class, ICommand
    {
        settingsByPath[name] = SettingsOf(typeof(TCommand));
        return config.AddCommand<TCommand>(name);
    }

    public ICommandConfigurator Add<TCommand>(IConfigurator<CommandSettings> branch, string branchName, string name)
        where TCommand : class, ICommandLimiter<CommandSettings>
    {
        settingsByPath[$"{branchName} {name}"] = SettingsOf(typeof(TCommand));
        return branch.AddCommand<TCommand>(name);
    }

    public void SetDefault<TCommand>(IConfigurator<CommandSettings> branch, string branchName)
        where TCommand : class, ICommandLimiter<CommandSettings>
    {
        settingsByPath[branchName] = SettingsOf(typeof(TCommand));
        branch.SetDefaultCommand<TCommand>();
    }

    /// <summary>The settings type of the command <paramref name="args"/> run (the longest known command path they start with).</summary>
    public Type? SettingsFor(IReadOnlyList<string> args)
    {
        var words = args.TakeWhile(arg => !arg.StartsWith('-')).Take(2).ToList();
        for (var count = words.Count; count > 0; count--)
        {
            if (settingsByPath.TryGetValue(string.Join(' ', words.Take(count)), out var settings))
            {
                return settings;
            }
        }

        return null;
    }

    /// <summary>Every option of <paramref name="settings"/>: its long names (with --) and the property behind it.</summary>
    public static IEnumerable<(string Name, PropertyInfo Property)> Options(Type settings) =>
        settings.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .SelectMany(property => property.GetCustomAttribute<CommandOptionAttribute>() is { } option
                ? option.LongNames.Select(name => ($"--{name}", property))
                    .Concat(option.ShortNames.Select(name => ($"-{name}", property)))
                : []);

    private static Type SettingsOf(Type command)
    {
        for (var type = command; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericArguments() is [var settings] && typeof(CommandSettings).IsAssignableFrom(settings))
            {
                return settings;
            }
        }

        return typeof(EmptyCommandSettings);
    }
}
