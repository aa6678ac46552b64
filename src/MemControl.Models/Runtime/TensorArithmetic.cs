using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.Runtime;

/// <summary>
/// Tensor arithmetic with .NET numbers whose TorchSharp <see cref="Scalar"/>s stay alive until libtorch is done with
/// them.
/// Why: TorchSharp turns a number into a <see cref="Scalar"/> that only its finalizer frees, and passes libtorch the
/// bare handle. Once the handle is read, nothing refers to the temporary any more, so a collection started by another
/// thread during the native call can finalize it and free the c10::Scalar while libtorch still reads it — the
/// "Expected false to be true" at c10/core/Scalar.h (toFloat inside at::add) of issue 20 item 6. The operators
/// <c>tensor + 1f</c> and <c>a + b</c> are affected twice: <c>Tensor.add</c> also makes its own alpha = 1 Scalar.
/// DisposeScopes do not track Scalars, so a scope does not help. See docs/metrics.md, "Scalars and the finalizer".
/// Every src project uses these (or a <c>using var s = x.ToScalar()</c> for other ops taking a Scalar);
/// ScalarSafetyTests fails when a src assembly calls an implicit Scalar conversion or a TorchSharp method that makes one.
/// </summary>
public static class TensorArithmetic
{
    /// <summary>alpha = 1 for add, an integer as TorchSharp uses (a float alpha is refused for integer tensors); a static field roots it for the life of the process, so it is never finalized.</summary>
    private static readonly Scalar One = 1.ToScalar();

    /// <summary><paramref name="tensor"/> + <paramref name="value"/>.</summary>
    public static Tensor Plus(this Tensor tensor, double value)
    {
        // The using keeps the Scalar referenced until add has returned.
        using var scalar = value.ToScalar();
        return tensor.add(scalar, One);
    }

    /// <summary><paramref name="tensor"/> + <paramref name="value"/>; an integer keeps an integer tensor integer (except ÷).</summary>
    public static Tensor Plus(this Tensor tensor, long value)
    {
        using var scalar = value.ToScalar();
        return tensor.add(scalar, One);
    }

    /// <summary><paramref name="tensor"/> + <paramref name="other"/>, element-wise (broadcasting).</summary>
    public static Tensor Plus(this Tensor tensor, Tensor other) => tensor.add(other, One);

    /// <summary><paramref name="tensor"/> − <paramref name="value"/>.</summary>
    public static Tensor Minus(this Tensor tensor, double value)
    {
        using var scalar = value.ToScalar();
        return tensor.sub(scalar);
    }

    /// <summary><paramref name="tensor"/> − <paramref name="value"/>; an integer keeps an integer tensor integer (except ÷).</summary>
    public static Tensor Minus(this Tensor tensor, long value)
    {
        using var scalar = value.ToScalar();
        return tensor.sub(scalar);
    }

    /// <summary><paramref name="value"/> − <paramref name="tensor"/>, computed as TorchSharp's <c>number - tensor</c> does (−tensor + value).</summary>
    public static Tensor SubtractedFrom(this Tensor tensor, double value)
    {
        using var negated = tensor.negative();
        return negated.Plus(value);
    }

    /// <summary><paramref name="value"/> − <paramref name="tensor"/>, as <see cref="SubtractedFrom(Tensor, double)"/>; an integer keeps an integer tensor integer.</summary>
    public static Tensor SubtractedFrom(this Tensor tensor, long value)
    {
        using var negated = tensor.negative();
        return negated.Plus(value);
    }

    /// <summary><paramref name="tensor"/> += <paramref name="other"/>, in place; returns <paramref name="tensor"/>.</summary>
    public static Tensor AddInPlace(this Tensor tensor, Tensor other) => tensor.add_(other, One);

    /// <summary><paramref name="tensor"/> × <paramref name="value"/>.</summary>
    public static Tensor Times(this Tensor tensor, double value)
    {
        using var scalar = value.ToScalar();
        return tensor.mul(scalar);
    }

    /// <summary><paramref name="tensor"/> × <paramref name="value"/>; an integer keeps an integer tensor integer (except ÷).</summary>
    public static Tensor Times(this Tensor tensor, long value)
    {
        using var scalar = value.ToScalar();
        return tensor.mul(scalar);
    }

    /// <summary><paramref name="tensor"/> ÷ <paramref name="value"/>.</summary>
    public static Tensor DividedBy(this Tensor tensor, double value)
    {
        using var scalar = value.ToScalar();
        return tensor.div(scalar);
    }

    /// <summary><paramref name="tensor"/> ÷ <paramref name="value"/>; an integer keeps an integer tensor integer (except ÷).</summary>
    public static Tensor DividedBy(this Tensor tensor, long value)
    {
        using var scalar = value.ToScalar();
        return tensor.div(scalar);
    }

    /// <summary><paramref name="tensor"/>², as <c>square()</c> computes it (pow 2) but with its exponent Scalar kept alive.</summary>
    public static Tensor Squared(this Tensor tensor)
    {
        using var two = 2.ToScalar();
        return tensor.pow(two);
    }

    /// <summary><paramref name="tensor"/>³, as <c>pow(3)</c> computes it but with its exponent Scalar kept alive.</summary>
    public static Tensor Cubed(this Tensor tensor)
    {
        using var three = 3.ToScalar();
        return tensor.pow(three);
    }

    /// <summary>
    /// 0, 1, …, <paramref name="stop"/> − 1 as a 1-D tensor, like <c>torch.arange(stop)</c>.
    /// Why not arange itself: its overloads without a step make their own start and step Scalars that nothing keeps alive.
    /// </summary>
    public static Tensor Range(long stop, ScalarType dtype, Device device)
    {
        using var start = 0.ToScalar();
        using var end = stop.ToScalar();
        using var step = 1.ToScalar();
        return arange(start, end, step, dtype, device);
    }

    /// <summary><paramref name="tensor"/> limited to [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Tensor ClampedTo(this Tensor tensor, double min, double max)
    {
        using var low = min.ToScalar();
        using var high = max.ToScalar();
        return tensor.clamp(low, high);
    }

    /// <summary><paramref name="tensor"/> with values below <paramref name="min"/> raised to it.</summary>
    public static Tensor ClampedBelowAt(this Tensor tensor, double min)
    {
        using var low = min.ToScalar();
        return tensor.clamp_min(low);
    }

    /// <summary><paramref name="tensor"/> with values above <paramref name="max"/> lowered to it.</summary>
    public static Tensor ClampedAboveAt(this Tensor tensor, double max)
    {
        using var high = max.ToScalar();
        return tensor.clamp_max(high);
    }
}
