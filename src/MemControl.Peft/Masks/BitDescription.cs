namespace MemControl.Peft.Masks;

/// <summary>One mask bit in a <see cref="PeftDescription"/>.</summary>
/// <param name="Index">Bit position.</param>
/// <param name="Name">The block (or block part) the bit covers.</param>
/// <param name="On">Whether the bit is set in the described mask.</param>
/// <param name="Values">Trainable values the bit governs (counted whether it is on or off).</param>
public sealed record BitDescription(int Index, string Name, bool On, long Values);
