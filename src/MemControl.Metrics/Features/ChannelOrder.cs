namespace MemControl.Metrics.Features;

/// <summary>Order of the colour planes a model expects (gray images are repeated into all three).</summary>
public enum ChannelOrder
{
    Rgb,

    /// <summary>Caffe/CNTK models such as ML.NET's ResNet-18.</summary>
    Bgr,
}
