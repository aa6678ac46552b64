using MemControl.Tests.Cli.Train;
using MemControl.Tests.Support;

namespace MemControl.Tests.Cli.Search;

/// <summary>
/// One `memcontrol search` of two svdiff trials on <see cref="TinySearch"/>, run on first use and shared by the tests
/// that read its results (a fixture constructor could not skip when the parity fixtures are absent).
/// </summary>
public sealed class TinySearchRun : IDisposable
{
    private readonly Lock gate = new();
    private TinySearch? data;
    private (int ExitCode, string Output, string RunFolder)? result;

    /// <summary>The searched learning rates (<c>--lr-range</c>) of this run.</summary>
    public const string LearningRateRange = "2e-5:5e-4";

    public TinySearch Data => Ensure().Data;

    public string RunFolder => Ensure().RunFolder;

    public string SearchFolder => Path.Combine(RunFolder, "search");

    public int ExitCode => Ensure().ExitCode;

    public string Output => Ensure().Output;

    public void Dispose() => data?.Dispose();

    private (TinySearch Data, int ExitCode, string Output, string RunFolder) Ensure()
    {
        TestPaths.RequireParityPath("unet");
        lock (gate)
        {
            data ??= new TinySearch();
            if (result is null)
            {
                var folder = data.NewRunFolder();
                // A range of its own (the default is 1e-5:1e-3) that still holds the vanilla 1e-4, so its use can be checked.
                var (exitCode, output) = TrainRun.Cli([.. data.Arguments(folder), "--lr-range", LearningRateRange]);
                result = (exitCode, output, folder);
            }

            return (data, result.Value.ExitCode, result.Value.Output, result.Value.RunFolder);
        }
    }
}
