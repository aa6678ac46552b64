using MemControl.Models.TextEncoders;
using TorchSharp.PyBridge;

namespace MemControl.Tests.Models.TextEncoders;

/// <summary>
/// Test support: builds a <see cref="ClipTextModel"/> from a transformers <c>text_encoder/</c> folder with a strict
/// safetensors load (every key present, none extra, shapes equal). The checkpoint loader (Models/Loading) replaces this.
/// </summary>
internal static class TextEncoderWeights
{
    public static ClipTextModel LoadFolder(string folder)
    {
        var model = new ClipTextModel(ClipTextConfig.Load(Path.Combine(folder, "config.json")));
        model.load_safetensors(Path.Combine(folder, "model.safetensors"), strict: true);
        model.eval();
        return model;
    }
}
