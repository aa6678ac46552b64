namespace MemControl.Peft.Masks;

/// <summary>The names mask spaces have in files and on the command line.</summary>
public static class MaskSpaces
{
    public static string Name(MaskSpace space) => space switch
    {
        MaskSpace.Default => "default",
        MaskSpace.Official13 => "official13",
        MaskSpace.Fine => "fine",
        _ => throw new ArgumentOutOfRangeException(nameof(space)),
    };

    /// <summary>The space named <paramref name="name"/>; <see cref="ArgumentException"/> naming the choices otherwise.</summary>
    public static MaskSpace Parse(string name) => name switch
    {
        "default" => MaskSpace.Default,
        "official13" => MaskSpace.Official13,
        "fine" => MaskSpace.Fine,
        _ => throw new ArgumentException($"unknown mask space '{name}' (choose default, official13 or fine)", nameof(name)),
    };
}
