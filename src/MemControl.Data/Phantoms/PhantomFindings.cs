namespace MemControl.Data.Phantoms;

/// <summary>
/// What a phantom study shows — the ground truth its report states and the alignment metric checks.
/// No finding at all is a normal study.
/// </summary>
public sealed record PhantomFindings
{
    public bool Cardiomegaly { get; init; }

    public bool EffusionRight { get; init; }

    public bool EffusionLeft { get; init; }

    public IReadOnlyList<Lobe> Consolidation { get; init; } = [];

    public Nodule? Nodule { get; init; }

    public Side? Pneumothorax { get; init; }

    public bool EndotrachealTube { get; init; }

    public bool CentralLine { get; init; }

    public bool Pacemaker { get; init; }

    public bool HasDevices => EndotrachealTube || CentralLine || Pacemaker;

    public bool IsNormal => !Cardiomegaly && !EffusionRight && !EffusionLeft && Consolidation.Count == 0
        && Nodule is null && Pneumothorax is null && !HasDevices;

    /// <summary>The label columns written to a manifest: 0/1 per finding, plus the nodule's size and place.</summary>
    public IReadOnlyDictionary<string, string> ToLabels()
    {
        static string Flag(bool value) => value ? "1" : "0";
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["normal"] = Flag(IsNormal),
            ["cardiomegaly"] = Flag(Cardiomegaly),
            ["effusion_right"] = Flag(EffusionRight),
            ["effusion_left"] = Flag(EffusionLeft),
            ["consolidation_rul"] = Flag(Consolidation.Contains(Lobe.RightUpper)),
            ["consolidation_rml"] = Flag(Consolidation.Contains(Lobe.RightMiddle)),
            ["consolidation_rll"] = Flag(Consolidation.Contains(Lobe.RightLower)),
            ["consolidation_lul"] = Flag(Consolidation.Contains(Lobe.LeftUpper)),
            ["consolidation_lll"] = Flag(Consolidation.Contains(Lobe.LeftLower)),
            ["nodule"] = Flag(Nodule is not null),
            ["nodule_size_mm"] = Nodule?.DiameterMm.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            ["nodule_position"] = Nodule is null ? "" : $"{Nodule.Side.ToString().ToLowerInvariant()} {Nodule.Zone.ToString().ToLowerInvariant()}",
            ["pneumothorax_right"] = Flag(Pneumothorax == Side.Right),
            ["pneumothorax_left"] = Flag(Pneumothorax == Side.Left),
            ["endotracheal_tube"] = Flag(EndotrachealTube),
            ["central_line"] = Flag(CentralLine),
            ["pacemaker"] = Flag(Pacemaker),
        };
    }
}
