using MemControl.Peft.SvDiff;

namespace MemControl.Peft;

/// <summary>What a method needs to know about the base model beyond its modules.</summary>
/// <param name="BaseModelIdentity">Identity of the base model given by the caller (e.g. its config hash); adapters and masks record it.</param>
/// <param name="SvdCache">Where SV-DIFF finds the SVDs of the pre-trained weights; null = a fresh in-memory cache.</param>
public sealed record PeftContext(string BaseModelIdentity, SvdCache? SvdCache = null);
