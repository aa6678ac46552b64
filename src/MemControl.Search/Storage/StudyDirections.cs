namespace MemControl.Search.Storage;

/// <summary>Checks shared by every storage when a study is opened again.</summary>
public static class StudyDirections
{
    /// <summary>Throws <see cref="ArgumentException"/> when an existing study has other directions than asked.</summary>
    public static void RequireSame(StudyInfo existing, IReadOnlyList<StudyDirection> directions)
    {
        if (!existing.Directions.SequenceEqual(directions))
        {
            throw new ArgumentException(
                $"study '{existing.Name}' exists with directions [{string.Join(", ", existing.Directions)}], " +
                $"not [{string.Join(", ", directions)}].");
        }
    }
}
