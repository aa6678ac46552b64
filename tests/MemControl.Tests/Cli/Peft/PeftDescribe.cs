using System.Text.Json.Nodes;
using MemControl.Cli;
using Spectre.Console.Testing;

namespace MemControl.Tests.Cli.Peft;

/// <summary>Runs <c>memcontrol peft describe</c> in a wide test console.</summary>
internal static class PeftDescribe
{
    public static (int ExitCode, string Output) Run(params string[] options)
    {
        var console = new TestConsole().Width(200);
        var exitCode = MemControlApp.Run(["peft", "describe", .. options], console);
        return (exitCode, console.Output);
    }

    public static JsonObject Json(params string[] options)
    {
        var (exitCode, output) = Run([.. options, "--json"]);
        Assert.Equal(0, exitCode);
        return JsonNode.Parse(output)!.AsObject();
    }
}
