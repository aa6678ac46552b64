namespace MemControl.Workflow.Export;

/// <summary>What an export wrote.</summary>
/// <param name="Output">The folder written (full path).</param>
/// <param name="Method">The adapter's PEFT method.</param>
/// <param name="Tensors">The number of tensors in the UNet weights (diffusers) or the LoRA file (lora).</param>
public sealed record ExportResult(string Output, string Method, int Tensors);
