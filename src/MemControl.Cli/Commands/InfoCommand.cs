using Spectre.Console;
using Spectre.Console.Cli;
using TorchSharp;

namespace MemControl.Cli.Commands;

/// <summary>Prints what this installation runs on: a quick check that libtorch loads.</summary>
public sealed class InfoCommand(IAnsiConsole console) : Command<InfoCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var table = new Table().AddColumn("what").AddColumn("value");
        table.AddRow("memcontrol", typeof(InfoCommand).Assembly.GetName().Version?.ToString() ?? "?");
        table.AddRow(".NET", Environment.Version.ToString());
        table.AddRow("libtorch", torch.__version__);
        table.AddRow("CUDA available", torch.cuda.is_available().ToString());
        table.AddRow("threads", torch.get_num_threads().ToString(System.Globalization.CultureInfo.InvariantCulture));
        console.Write(table);
        return 0;
    }
}
