namespace MemControl.Workflow.Export;

/// <summary>What <see cref="ModelExporter"/> writes.</summary>
public enum ExportFormat
{
    /// <summary>The whole base pipeline folder with the adapter merged into the UNet's weights (any method).</summary>
    Diffusers,

    /// <summary>LoRA weights only, as diffusers' <c>load_lora_weights</c> reads them (LoRA adapters only).</summary>
    Lora,
}
