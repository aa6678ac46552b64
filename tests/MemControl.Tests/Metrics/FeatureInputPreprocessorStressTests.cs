using MemControl.Metrics.Features;
using static TorchSharp.torch;

namespace MemControl.Tests.Metrics;

/// <summary>
/// Issue 20 item 6: a benchmark's final evaluation once died in <see cref="FeatureInputPreprocessor.Prepare"/> with
/// "Expected false to be true" at c10/core/Scalar.h (toFloat inside at::add). The cause was a TorchSharp Scalar that
/// the finalizer thread freed while libtorch was still reading it (docs/metrics.md, "Scalars and the finalizer").
/// These tests run the preprocessing the way the worker does, with collections and finalizers forced all the time.
/// </summary>
public class FeatureInputPreprocessorStressTests
{
    private const int Threads = 4;

    private const int IterationsPerThread = 150;

    private static readonly OnnxFeatureExtractorOptions Options = new()
    {
        ModelPath = "unused.onnx",
        InputSize = 96,
        Scaling = PixelScaling.ZeroTo255,
        ChannelMean = [123.7f, 116.3f, 103.5f],
        ChannelStd = [58.4f, 57.1f, 57.4f],
    };

    [Fact]
    public void Preparing_on_several_threads_while_the_collector_and_finalizers_run_gives_the_same_input_every_time()
    {
        // Given: gray images that go through every step (resize, [-1, 1] → [0, 1], expand, scale, mean, std)
        var preprocessor = new FeatureInputPreprocessor(Options);
        using var images = linspace(-1.2, 1.2, 4 * 64 * 64).reshape(4, 1, 64, 64);
        float[] expected;
        using (var first = preprocessor.Prepare(images))
        {
            expected = first.data<float>().ToArray();
        }

        // When: worker threads prepare in their own dispose scopes while another thread keeps collecting and
        // finalizing, so any Scalar nobody holds is freed while libtorch may still be reading it.
        using var stop = new CancellationTokenSource();
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });
        collector.Start();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var workers = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            for (var i = 0; i < IterationsPerThread && failures.IsEmpty; i++)
            {
                try
                {
                    using var scope = NewDisposeScope();
                    var values = preprocessor.Prepare(images).data<float>().ToArray();
                    if (!values.SequenceEqual(expected))
                    {
                        failures.Add($"iteration {i}: values differ from the first preparation");
                    }
                }
                catch (Exception e)
                {
                    failures.Add($"iteration {i}: {e.GetType().Name}: {e.Message}");
                }

                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        })).ToArray();
        foreach (var worker in workers)
        {
            worker.Start();
        }

        foreach (var worker in workers)
        {
            worker.Join();
        }

        stop.Cancel();
        collector.Join();

        // Then
        Assert.Empty(failures);
    }
}
