using SkiaSharp;

namespace MemControl.Workflow.Reports;

/// <summary>Text in the nearest-neighbour galleries (audit, evaluate): one line that fits its column.</summary>
public static class GalleryText
{
    /// <summary>Shortens a label that would run past <paramref name="width"/>, ending it with an ellipsis.</summary>
    public static string Clip(string text, SKFont font, float width)
    {
        text = text.ReplaceLineEndings(" ");
        if (font.MeasureText(text) <= width)
        {
            return text;
        }

        var length = text.Length;
        while (length > 0 && font.MeasureText(text[..length] + "…") > width)
        {
            length--;
        }

        return text[..length] + "…";
    }
}
