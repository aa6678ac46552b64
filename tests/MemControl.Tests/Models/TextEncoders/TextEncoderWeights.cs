using MemControl.Models.TextEncoders;
using MemControl.Models.Loading;

namespace MemControl.Tests.Models.TextEncoders;

/// <summary>
/// Test support: builds a <see cref="ClipTextModel"/> from a transformers <c>text_encoder/</c> folder with a strict load
/// through the project's own loader (every key present, none extra, shapes equal).
/// </summary>
internal static class TextEncoderWeights
{
    public static ClipTextModel LoadFolder(string folder)
    {
        var model = new ClipTextModel(ClipTextConfig.Load(Path.Combine(folder, "config.json")));
        DiffusersComponent.Open(folder).LoadInto(model);
        model.eval();
        return model;
    }
}
