namespace MemControl.Data.Phantoms;

/// <summary>
/// What differs between any two films, even of one subject on one day (generator version 2): where the monitoring
/// electrodes were stuck and how the patient stood against the detector. Real ward films carry both and reports do
/// not mention them; they are set anew for each study, so a generation that reproduces them has copied one film rather
/// than drawn a chest like it (docs/demo.md, "Copies that can be told from resemblance").
/// </summary>
/// <param name="Electrodes">The ECG electrodes on the skin.</param>
/// <param name="OffsetX">Patient position across the detector, added to the pose's shift (image widths).</param>
/// <param name="OffsetY">Patient position up and down the detector, added to the pose's shift.</param>
/// <param name="OffsetRotation">Patient rotation, added to the pose's (radians).</param>
public sealed record StudyDetails(IReadOnlyList<Electrode> Electrodes, float OffsetX, float OffsetY, float OffsetRotation)
{
    // Monitoring sites as seen on a PA film (arm leads below the clavicles, leg leads low on the flanks, chest leads,
    // shoulder pads): each is used in some studies and not others, and each placement strays from its site. A missing
    // or displaced electrode is a whole high-contrast spot, which survives at 16 px where anatomy differences blur away.
    private static readonly (float X, float Y, Side Exit)[] Sites =
    [
        (0.2f, 0.24f, Side.Right), (0.8f, 0.24f, Side.Left), (0.78f, 0.78f, Side.Left), (0.22f, 0.78f, Side.Right), (0.56f, 0.5f, Side.Left),
        (0.68f, 0.62f, Side.Left), (0.35f, 0.12f, Side.Right), (0.65f, 0.12f, Side.Left),
    ];

    /// <summary>Chance that a site carries an electrode in a given study.</summary>
    private const double SiteUse = 0.6;

    public static StudyDetails Draw(Random random)
    {
        float Uniform(float low, float high) => low + ((high - low) * (float)random.NextDouble());
        var electrodes = Sites.Where(_ => random.NextDouble() < SiteUse)
            .Select(site => new Electrode(site.X + Uniform(-0.09f, 0.09f), site.Y + Uniform(-0.09f, 0.09f), site.Exit))
            .ToArray();
        return new StudyDetails(electrodes, Uniform(-0.07f, 0.07f), Uniform(-0.05f, 0.05f), Uniform(-0.08f, 0.08f));
    }
}
