namespace MemControl.Peft.Masks;

/// <summary>A binary mask over the bits of a mask space: bit 1 lets that block's method parameters train, 0 freezes them.</summary>
public sealed record LayerMask
{
    public LayerMask(MaskSpace space, IReadOnlyList<bool> bits)
    {
        Space = space;
        Bits = bits.ToArray();
    }

    public MaskSpace Space { get; }

    public IReadOnlyList<bool> Bits { get; }

    /// <summary>A mask with every bit set (the method as defined, on every block).</summary>
    public static LayerMask AllOn(MaskLayout layout) => new(layout.Space, Enumerable.Repeat(true, layout.Units.Count).ToArray());

    /// <summary>Reads <c>1,1,0,...</c> (commas optional, as <c>110...</c>); <see cref="ArgumentException"/> on anything else.</summary>
    public static LayerMask Parse(MaskSpace space, string text)
    {
        var digits = text.Where(c => !char.IsWhiteSpace(c) && c != ',').ToList();
        if (digits.Count == 0 || digits.Any(c => c is not ('0' or '1')))
        {
            throw new ArgumentException($"mask '{text}' must be a list of 0/1 bits such as 1,1,0,1", nameof(text));
        }

        return new LayerMask(space, digits.Select(c => c == '1').ToArray());
    }

    /// <summary>Throws <see cref="ArgumentException"/> when this mask does not fit <paramref name="layout"/>.</summary>
    public void CheckFits(MaskLayout layout)
    {
        if (layout.Space != Space)
        {
            throw new ArgumentException($"the mask is for space '{MaskSpaces.Name(Space)}' but the layout is '{MaskSpaces.Name(layout.Space)}'");
        }

        if (layout.Units.Count != Bits.Count)
        {
            throw new ArgumentException(
                $"the mask has {Bits.Count} bits but this model has {layout.Units.Count} in space '{MaskSpaces.Name(Space)}'");
        }
    }

    /// <summary>Whether the method parameter with key <paramref name="key"/> is frozen by a 0 bit of this mask.</summary>
    public bool Freezes(MaskLayout layout, string key)
    {
        for (var bit = 0; bit < Bits.Count; bit++)
        {
            if (!Bits[bit] && layout.Units[bit].Covers(key))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => string.Join(",", Bits.Select(bit => bit ? "1" : "0"));

    public bool Equals(LayerMask? other) => other is not null && other.Space == Space && other.Bits.SequenceEqual(Bits);

    public override int GetHashCode() => HashCode.Combine(Space, ToString());
}
