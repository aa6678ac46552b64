namespace MemControl.Models.Synthetic;

/// <summary>Which SD-1.5-shaped pipeline <see cref="Sd15FolderWriter"/> writes.</summary>
public enum Sd15Scale
{
    /// <summary>The exact configs of runwayml/stable-diffusion-v1-5 (1.07 billion parameters).</summary>
    Full,

    /// <summary>The same block layout, key names and file layout with small widths, for tests (a few MB).</summary>
    Tiny,
}
