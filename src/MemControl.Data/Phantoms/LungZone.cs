namespace MemControl.Data.Phantoms;

/// <summary>The radiological zone of a lung (a nodule's position).</summary>
public enum LungZone
{
    Upper,
    Middle,
    Lower,
}
