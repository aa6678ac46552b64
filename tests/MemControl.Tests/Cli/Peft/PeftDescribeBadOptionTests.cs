using MemControl.Cli;
using MemControl.Tests.Models.Unets;

namespace MemControl.Tests.Cli.Peft;

/// <summary>A bad option gives one line naming it and a non-zero exit code, never a stack trace.</summary>
[Collection(nameof(DefaultDeviceCollection))]
public sealed class PeftDescribeBadOptionTests
{
    [Theory]
    [InlineData("--method", "--method", "adapterfusion", "", "")]
    [InlineData("--variant", "--method", "svdiff", "--variant", "exact")]
    [InlineData("--variant", "--method", "lora", "--variant", "memcontrol")]
    [InlineData("--space", "--method", "svdiff", "--space", "coarse")]
    [InlineData("--mask", "--method", "svdiff", "--mask", "1,1,0")]
    [InlineData("--mask", "--method", "svdiff", "--mask", "1,1,0,0,0,0,1,1,1,0,0,0,0,1,1,2")]
    [InlineData("--mask", "--method", "full", "--mask", "1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1")]
    public void A_bad_option_is_named_in_one_line(string named, string methodOption, string method, string option, string value)
    {
        // Given
        string[] options = option == ""
            ? ["--model", "sd15", methodOption, method]
            : ["--model", "sd15", methodOption, method, option, value];

        // When
        var (exitCode, output) = PeftDescribe.Run(options);

        // Then
        AssertRefused(UserErrors.BadUsage, exitCode, output, named);
    }

    [Fact]
    public void A_missing_model_folder_is_named()
    {
        // Given
        var folder = Path.Combine(Path.GetTempPath(), $"memcontrol-no-such-unet-{Guid.NewGuid():N}");

        // When
        var (exitCode, output) = PeftDescribe.Run("--model", folder, "--method", "svdiff");

        // Then
        AssertRefused(UserErrors.BadInput, exitCode, output, folder);
    }

    [Fact]
    public void A_folder_without_a_config_is_refused()
    {
        // Given
        var folder = Directory.CreateTempSubdirectory("memcontrol-empty-unet-").FullName;
        try
        {
            // When
            var (exitCode, output) = PeftDescribe.Run("--model", folder, "--method", "svdiff");

            // Then
            AssertRefused(UserErrors.BadInput, exitCode, output, "config.json");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_missing_method_is_named()
    {
        // When
        var (exitCode, output) = PeftDescribe.Run("--model", "sd15");

        // Then
        AssertRefused(UserErrors.BadUsage, exitCode, output, "--method");
    }

    private static void AssertRefused(int expectedExitCode, int exitCode, string output, string named)
    {
        Assert.Equal(expectedExitCode, exitCode);
        Assert.Contains(named, output.Replace("\n", "", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", output);
        Assert.DoesNotContain("unexpected error", output);
    }
}
