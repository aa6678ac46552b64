using MemControl.Cli;
using Spectre.Console.Testing;

namespace MemControl.Tests.Cli;

public sealed class InfoCommandTests
{
    [Fact]
    public void Info_reports_the_libtorch_version_that_loaded()
    {
        // Given
        var console = new TestConsole().Width(120);

        // When
        var exitCode = MemControlApp.Run(["info"], console);

        // Then
        Assert.Equal(0, exitCode);
        Assert.Contains("libtorch", console.Output);
        Assert.Contains(TorchSharp.torch.__version__, console.Output);
    }
}
