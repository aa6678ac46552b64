using MemControl.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MemControl.Cli;

/// <summary>The <c>memcontrol</c> command tree. Each command lives in its own file under Commands/.</summary>
public static class MemControlApp
{
    public static int Run(string[] args, IAnsiConsole? console = null)
    {
        var output = console ?? AnsiConsole.Console;
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("memcontrol");
            config.ConfigureConsole(output);
            config.SetExceptionHandler((exception, _) => UserErrors.Handle(exception, output));

            config.AddCommand<DemoCommand>("demo")
                .WithDescription("Run the whole MemControl workflow on built-in synthetic chest X-rays, with no data and no GPU.");
            config.AddCommand<InfoCommand>("info")
                .WithDescription("Show versions, the compute device and whether libtorch loads.");
        });
        return app.Run(args);
    }
}
