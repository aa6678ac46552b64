using MemControl.Cli;
using Spectre.Console.Testing;

namespace MemControl.Tests.Cli;

public sealed class UserErrorsTests
{
    [Fact]
    public void A_bad_file_is_one_line_naming_it_with_the_bad_input_exit_code()
    {
        var console = new TestConsole().Width(200);

        var code = UserErrors.Handle(new InvalidDataException("manifest.csv, line 3: the caption is empty"), console);

        Assert.Equal(UserErrors.BadInput, code);
        Assert.Contains("manifest.csv, line 3", console.Output);
        Assert.DoesNotContain(" at ", console.Output);
    }

    [Fact]
    public void An_unknown_command_is_a_usage_error_without_a_stack_trace()
    {
        var console = new TestConsole().Width(200);

        var code = MemControlApp.Run(["no-such-command"], console);

        Assert.Equal(UserErrors.BadUsage, code);
        Assert.DoesNotContain("   at ", console.Output);
    }

    [Fact]
    public void A_bug_prints_its_trace_with_the_internal_error_code()
    {
        var console = new TestConsole().Width(200);

        var code = UserErrors.Handle(new NullReferenceException("boom"), console);

        Assert.Equal(UserErrors.InternalError, code);
        Assert.Contains("bug", console.Output);
    }
}
