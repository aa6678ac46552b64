using System.Diagnostics;
using MemControl.Tests.Cli.Train;
using MemControl.Tests.Data.Support;

namespace MemControl.Tests.Data;

/// <summary>A FIFO listed as an image once made `data check` block forever on reading it; now it is a problem row.</summary>
public sealed class NonRegularImageTests : IDisposable
{
    private readonly string folder = Directory.CreateDirectory(TrainRun.TemporaryFolder()).FullName;

    [Fact]
    public async Task Data_check_refuses_a_fifo_listed_as_an_image_instead_of_hanging()
    {
        // Given
        TestImages.WriteGradient(Path.Combine(folder, "img", "good.png"));
        var fifo = Path.Combine(folder, "img", "pipe.png");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var manifest = Path.Combine(folder, "manifest.csv");
        File.WriteAllText(manifest, "image,caption,subject,split\nimg/good.png,Small right effusion.,p1,train\nimg/pipe.png,Normal heart size.,p2,train\n");

        // When
        var run = Task.Run(() => TrainRun.Cli("data", "check", "--manifest", manifest), TestContext.Current.CancellationToken);
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));

        // Then
        Assert.True(finished == run, "data check still reads the FIFO after 60 s");
        var (exitCode, printed) = await run;
        Assert.Equal(1, exitCode);
        Assert.Contains("is not a regular file", printed, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
