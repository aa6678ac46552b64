using Spectre.Console;

namespace MemControl.Cli.Commands.Data;

/// <summary>
/// Turns user mistakes (bad file, missing path, bad option) into one clear line and exit code 1, never a stack trace
/// (COMMON: user mistakes never give a stack trace).
/// </summary>
internal static class DataCommandErrors
{
    public static int Run(IAnsiConsole console, string command, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException or DirectoryNotFoundException or ArgumentException)
        {
            console.MarkupLineInterpolated($"[red]memcontrol {command}:[/] {e.Message}");
            return 1;
        }
    }
}
