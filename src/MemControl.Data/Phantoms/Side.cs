namespace MemControl.Data.Phantoms;

/// <summary>The patient's side. In a PA radiograph the patient's right is on the image's left.</summary>
public enum Side
{
    Right,
    Left,
}
