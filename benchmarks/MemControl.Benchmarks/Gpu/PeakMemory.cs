using MemControl.Models.Runtime;

namespace MemControl.Benchmarks.Gpu;

/// <summary>
/// Peak memory of the process that runs one measurement (each measurement runs in its own process, so the peak is
/// its own). CPU: peak resident set size (VmHWM). CUDA: device memory in use, polled from NVML every millisecond
/// from start to <see cref="Stop"/>, less what was in use before (see <see cref="Nvml"/> for why polling).
/// </summary>
internal sealed class PeakMemory : IDisposable
{
    private readonly IntPtr device;
    private readonly ulong baseline;
    private readonly Thread? poller;
    private volatile bool stopping;
    private ulong peak;

    private PeakMemory(ComputeDevice computeDevice)
    {
        if (!computeDevice.IsCuda)
        {
            return;
        }

        device = Nvml.Device(computeDevice.Index);
        baseline = Nvml.UsedBytes(device);
        peak = baseline;
        poller = new Thread(Poll) { IsBackground = true, Name = "nvml-memory-poll" };
        poller.Start();
    }

    /// <summary>Where the figure comes from, written beside it.</summary>
    public string Source => poller is null ? "peak resident set size of the process (VmHWM)" : "NVML device memory in use, polled every 1 ms, less the use before the process started CUDA";

    public static PeakMemory Start(ComputeDevice device) => new(device);

    /// <summary>Stops polling and returns the peak in GiB.</summary>
    public double Stop()
    {
        if (poller is null)
        {
            return UnetBenchmark.PeakResidentMiB() / 1024.0;
        }

        stopping = true;
        poller.Join();
        Sample();
        return (peak - baseline) / (1024.0 * 1024.0 * 1024.0);
    }

    public void Dispose()
    {
        stopping = true;
        poller?.Join();
    }

    private void Poll()
    {
        while (!stopping)
        {
            Sample();
            Thread.Sleep(1);
        }
    }

    private void Sample()
    {
        var used = Nvml.UsedBytes(device);
        if (used > peak)
        {
            peak = used;
        }
    }
}
