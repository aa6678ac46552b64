namespace MemControl.Workflow.Search;

/// <summary>One complete trial of a search as the front, the plot and the reports see it.</summary>
/// <param name="Method">The PEFT method (the study) of the trial.</param>
/// <param name="Trial">Its number in that study.</param>
/// <param name="Memorization">Objective 1 (minimised).</param>
/// <param name="Fd">Objective 2 (minimised).</param>
/// <param name="Bits">The mask as 0/1 characters in bit order.</param>
/// <param name="Vanilla">Whether it is the method's vanilla configuration (every bit 1 at the vanilla learning rate).</param>
public sealed record SearchPoint(
    string Method,
    int Trial,
    double Memorization,
    double Fd,
    string Bits,
    double LearningRate,
    long TrainableCount,
    bool Vanilla)
{
    /// <summary>The trial's folder relative to the search folder (a method subfolder with <c>--method all</c>).</summary>
    public string Folder(bool perMethodFolders) =>
        Path.Combine(perMethodFolders ? Method : "", SearchFiles.Trials, Trial.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
