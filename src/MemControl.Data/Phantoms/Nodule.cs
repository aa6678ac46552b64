namespace MemControl.Data.Phantoms;

/// <summary>A pulmonary nodule: its diameter in millimetres, lung and zone, and its place inside the zone (0–1).</summary>
public sealed record Nodule(int DiameterMm, Side Side, LungZone Zone, float LateralFraction, float VerticalFraction);
