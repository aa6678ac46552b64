namespace MemControl.Data.Phantoms;

/// <summary>
/// Draws a study's findings. Prevalences are set so about a third of studies are normal and findings co-occur as
/// on a ward (effusion with cardiomegaly, devices with each other); exact rates matter less than variety.
/// </summary>
public static class FindingsSampler
{
    private static readonly int[] NoduleSizesMm = [8, 10, 12, 15, 18, 22, 26, 30];

    public static PhantomFindings Draw(Random random)
    {
        bool Chance(double p) => random.NextDouble() < p;
        var cardiomegaly = Chance(0.2);
        var effusionBoost = cardiomegaly ? 0.15 : 0;
        var lobes = new List<Lobe>();
        if (Chance(0.2))
        {
            var all = Enum.GetValues<Lobe>();
            lobes.Add(all[random.Next(all.Length)]);
            if (Chance(0.25))
            {
                var second = all[random.Next(all.Length)];
                if (!lobes.Contains(second))
                {
                    lobes.Add(second);
                }
            }

            lobes.Sort();
        }

        Nodule? nodule = null;
        if (Chance(0.12))
        {
            nodule = new Nodule(
                NoduleSizesMm[random.Next(NoduleSizesMm.Length)],
                Chance(0.5) ? Side.Right : Side.Left,
                (LungZone)random.Next(3),
                (float)((random.NextDouble() * 1.2) - 0.3),
                (float)random.NextDouble());
        }

        var endotrachealTube = Chance(0.08);
        return new PhantomFindings
        {
            Cardiomegaly = cardiomegaly,
            EffusionRight = Chance(0.12 + effusionBoost),
            EffusionLeft = Chance(0.12 + effusionBoost),
            Consolidation = lobes,
            Nodule = nodule,
            Pneumothorax = Chance(0.08) ? (Chance(0.5) ? Side.Right : Side.Left) : null,
            EndotrachealTube = endotrachealTube,
            CentralLine = Chance(endotrachealTube ? 0.7 : 0.07),
            Pacemaker = Chance(0.06),
        };
    }
}
