using MemControl.Peft.SvDiff;
using static TorchSharp.torch;

namespace MemControl.Peft;

/// <summary>What a method needs to know about the base model beyond its modules.</summary>
/// <param name="BaseModelIdentity">Identity of the base model given by the caller (e.g. its config hash); adapters and masks record it.</param>
/// <param name="SvdCache">Where SV-DIFF finds the SVDs of the pre-trained weights; null = a fresh in-memory cache.</param>
/// <param name="FrozenDType">
/// The dtype of the frozen weights under mixed precision (docs/scale.md): a fresh SVD cache keeps SV-DIFF's frozen
/// singular vectors in it (the trainable shifts stay float32); null = float32.
/// </param>
/// <param name="Progress">Called as a method's set-up attaches its layers (SV-DIFF: after each decomposed weight).</param>
public sealed record PeftContext(string BaseModelIdentity, SvdCache? SvdCache = null, ScalarType? FrozenDType = null, Action<AttachProgress>? Progress = null);
