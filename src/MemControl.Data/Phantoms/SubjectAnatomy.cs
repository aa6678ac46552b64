namespace MemControl.Data.Phantoms;

/// <summary>
/// One subject's body, in image coordinates (x right, y down, both 0–1, PA view: the patient's right lung is on the
/// image's left). Every study of the subject shares it, so subjects differ and a subject's studies resemble each other.
/// </summary>
public sealed record SubjectAnatomy
{
    /// <summary>Half-width of the torso.</summary>
    public required float BodyHalfWidth { get; init; }

    /// <summary>The midline (spine) position.</summary>
    public required float MidlineX { get; init; }

    /// <summary>Top of the lung apices.</summary>
    public required float LungTop { get; init; }

    /// <summary>Level of the costophrenic angles.</summary>
    public required float LungBottom { get; init; }

    /// <summary>Half-width of each lung at its widest.</summary>
    public required float LungHalfWidth { get; init; }

    /// <summary>Distance from the midline to each lung's centre.</summary>
    public required float LungOffset { get; init; }

    /// <summary>Heart half-width as a share of the thorax half-width (cardiothoracic ratio; normal under 0.5).</summary>
    public required float CardiothoracicRatio { get; init; }

    /// <summary>How far the heart sits towards the patient's left (image right).</summary>
    public required float HeartShift { get; init; }

    /// <summary>Height of the diaphragm domes above the costophrenic level.</summary>
    public required float DomeHeight { get; init; }

    /// <summary>The right dome sits higher (the liver) by this much.</summary>
    public required float RightDomeLift { get; init; }

    /// <summary>Vertical spacing of the posterior ribs.</summary>
    public required float RibSpacing { get; init; }

    /// <summary>Thickness of the ribs.</summary>
    public required float RibThickness { get; init; }

    /// <summary>Soft-tissue density (body habitus).</summary>
    public required float SoftTissue { get; init; }

    /// <summary>Seed of this subject's lung markings, so they are the same in every study of the subject.</summary>
    public required int TextureSeed { get; init; }

    public static SubjectAnatomy Draw(Random random)
    {
        float Uniform(float low, float high) => low + ((high - low) * (float)random.NextDouble());
        return new SubjectAnatomy
        {
            BodyHalfWidth = Uniform(0.40f, 0.47f),
            MidlineX = Uniform(0.48f, 0.52f),
            LungTop = Uniform(0.13f, 0.19f),
            LungBottom = Uniform(0.70f, 0.78f),
            LungHalfWidth = Uniform(0.13f, 0.16f),
            LungOffset = Uniform(0.18f, 0.21f),
            CardiothoracicRatio = Uniform(0.40f, 0.47f),
            HeartShift = Uniform(0.02f, 0.05f),
            DomeHeight = Uniform(0.06f, 0.10f),
            RightDomeLift = Uniform(0.01f, 0.035f),
            RibSpacing = Uniform(0.058f, 0.068f),
            RibThickness = Uniform(0.014f, 0.019f),
            SoftTissue = Uniform(0.85f, 1.15f),
            TextureSeed = random.Next(),
        };
    }
}
