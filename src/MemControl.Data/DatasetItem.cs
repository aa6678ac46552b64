namespace MemControl.Data;

/// <summary>
/// One image–caption pair of a dataset: what it is, not its pixels (those are decoded on demand, so a dataset of
/// 100k images costs only its metadata in memory).
/// </summary>
/// <param name="Id">Unique within the dataset: the manifest's image path, MIMIC's dicom id, a phantom's number.</param>
/// <param name="ImagePath">The absolute image file, or null when the image is generated (phantoms, IDX arrays).</param>
/// <param name="Caption">The text the model is conditioned on.</param>
/// <param name="Subject">The patient (or other unit) that splits keep together.</param>
/// <param name="Split">The split given by the source, or null when it is to be assigned.</param>
/// <param name="Labels">Extra columns (findings, classes), kept for the alignment metric.</param>
/// <param name="Origin">Where the item was read from, for messages: <c>file:line</c> or a generator name.</param>
public sealed record DatasetItem(
    string Id,
    string? ImagePath,
    string Caption,
    string Subject,
    DatasetSplit? Split,
    IReadOnlyDictionary<string, string> Labels,
    string Origin)
{
    public static IReadOnlyDictionary<string, string> NoLabels { get; } = new Dictionary<string, string>();
}
