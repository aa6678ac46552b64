using MemControl.Tests.Reliability.Support;
using MemControl.Tests.Support;

namespace MemControl.Tests.Reliability;

/// <summary>
/// `train` SIGKILLed at random moments and inside checkpoint writes, each time rerun with --resume: the checkpoint a
/// resume reads is always whole, and the resumed run ends with the losses of an uninterrupted one.
/// </summary>
public sealed class TrainKillTests(ITestOutputHelper output) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("memcontrol-train-kill-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Train_killed_inside_a_checkpoint_write_resumes_to_the_uninterrupted_losses() =>
        KillAndCheck(kills: 1, seed: 1);

    [Fact]
    [Trait("Category", "Slow")]
    public void Train_killed_six_times_resumes_to_the_uninterrupted_losses() =>
        KillAndCheck(kills: 6, seed: 20261128);

    private void KillAndCheck(int kills, int seed)
    {
        // Given
        using var model = ParityPipelineFolder.Create();

        // When
        var figures = new TrainKillCampaign(model.Path, folder, kills, seed).Run();

        // Then
        output.WriteLine($"train, seed {seed}: {figures}");
        Assert.Empty(figures.UnreadableCheckpoints);
        Assert.Equal(figures.ReferenceLosses, figures.ResumedLosses);
        Assert.Equal(["checkpoint"], figures.LeftoverCheckpointFolders);
    }
}
