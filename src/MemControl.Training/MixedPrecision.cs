namespace MemControl.Training;

/// <summary>
/// The dtype the frozen weights are stored and computed in (<see cref="FineTuneOptions.MixedPrecision"/>); the
/// trainable tensors and the optimizer state stay float32 whatever this is.
/// </summary>
public enum MixedPrecision
{
    /// <summary>Everything float32.</summary>
    No,

    /// <summary>bfloat16: float32's range, so no loss scaling; runs on CPU too.</summary>
    BFloat16,

    /// <summary>float16 with dynamic loss scaling; CUDA only (CPU kernels for float16 training are missing or slow).</summary>
    Float16,
}
