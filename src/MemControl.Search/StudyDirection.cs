namespace MemControl.Search;

/// <summary>Whether an objective is to be made small or large (optuna's StudyDirection).</summary>
public enum StudyDirection
{
    Minimize = 1,
    Maximize = 2,
}
