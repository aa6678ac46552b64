using Spectre.Console;

namespace MemControl.Cli;

/// <summary>
/// Where a command's progress, warnings and errors go: standard error, so that standard output holds only its results
/// (tables, written paths, JSON) and can be piped. Commands get it beside their result console; in tests both are the
/// same test console.
/// </summary>
public sealed class StatusConsole(IAnsiConsole console)
{
    public IAnsiConsole Console { get; } = console;
}
