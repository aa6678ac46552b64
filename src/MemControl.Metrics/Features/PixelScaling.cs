namespace MemControl.Metrics.Features;

/// <summary>The range pixel values are mapped to before the model's mean/std (if any) is applied.</summary>
public enum PixelScaling
{
    /// <summary>0–255, as Caffe-style models (ML.NET's ResNet-18) expect.</summary>
    ZeroTo255,

    /// <summary>0–1, as torchvision models expect before the ImageNet mean/std.</summary>
    ZeroToOne,

    /// <summary>-1–1, as the diffusion data itself.</summary>
    MinusOneToOne,
}
