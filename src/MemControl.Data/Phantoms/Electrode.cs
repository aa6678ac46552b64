namespace MemControl.Data.Phantoms;

/// <summary>An ECG monitoring electrode on the skin: its metal snap's centre in body coordinates (0–1, PA view), and which way its lead leaves the film.</summary>
public sealed record Electrode(float X, float Y, Side LeadExit);
