namespace MemControl.Data.Phantoms;

/// <summary>
/// How one study was taken: patient position, depth of inspiration and exposure. Two studies of one subject
/// differ by these, as real follow-up films do.
/// </summary>
public sealed record StudyPose(
    float RotationRadians,
    float ShiftX,
    float ShiftY,
    float Scale,
    float Inspiration,
    float Exposure,
    float NoiseLevel,
    int NoiseSeed)
{
    public static StudyPose Draw(Random random)
    {
        float Uniform(float low, float high) => low + ((high - low) * (float)random.NextDouble());
        return new StudyPose(
            RotationRadians: Uniform(-0.05f, 0.05f),
            ShiftX: Uniform(-0.02f, 0.02f),
            ShiftY: Uniform(-0.02f, 0.02f),
            Scale: Uniform(0.96f, 1.04f),
            Inspiration: Uniform(-0.025f, 0.025f),
            Exposure: Uniform(0.9f, 1.1f),
            NoiseLevel: Uniform(0.012f, 0.03f),
            NoiseSeed: random.Next());
    }
}
