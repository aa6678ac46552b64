using static TorchSharp.torch;

namespace MemControl.Models.Runtime;

/// <summary>
/// Builds modules on the meta device: parameters get their shapes and dtypes but no memory, so the layout of a
/// full-size model (SD-1.5: 1.07 billion parameters) can be listed without allocating it.
/// </summary>
public static class MetaDevice
{
    /// <summary>
    /// Runs <paramref name="build"/> with the meta device as default. The default device is process-wide state in
    /// TorchSharp, so it is switched only for the constructor and restored even when the constructor throws.
    /// </summary>
    public static T Build<T>(Func<T> build)
    {
        var previous = get_default_device();
        set_default_device(new Device(TorchSharp.DeviceType.META));
        try
        {
            return build();
        }
        finally
        {
            set_default_device(previous);
        }
    }
}
