using System.Text;

namespace MemControl.Models.Loading;

/// <summary>
/// A strict load found a checkpoint that does not fit the module. The message names the checkpoint and lists missing
/// keys, unexpected keys and shape mismatches (the first few of each, with counts), so a wrong file or a wrong config
/// is obvious from one line of the CLI.
/// <para>
/// <see cref="InvalidDataException"/> is sealed, so this cannot derive from it; <see cref="StateDictLoader"/> throws an
/// <see cref="InvalidDataException"/> with the same message and this exception, with the full lists, as its
/// <see cref="Exception.InnerException"/>. Callers that want the lists catch InvalidDataException and look inside.
/// </para>
/// </summary>
public sealed class CheckpointMismatchException : Exception
{
    /// <summary>How many names of each kind the message lists before "... and N more".</summary>
    public const int ListedPerKind = 8;

    public CheckpointMismatchException(string checkpoint, StateDictLoadResult result)
        : base(Describe(checkpoint, result))
    {
        Checkpoint = checkpoint;
        Result = result;
    }

    /// <summary>The file (or description) of the checkpoint.</summary>
    public string Checkpoint { get; }

    /// <summary>The full lists, uncapped.</summary>
    public StateDictLoadResult Result { get; }

    /// <summary>The exception a strict load throws: an <see cref="InvalidDataException"/> carrying this one inside.</summary>
    public InvalidDataException AsInvalidData() => new(Message, this);

    private static string Describe(string checkpoint, StateDictLoadResult result)
    {
        var message = new StringBuilder()
            .Append($"checkpoint '{checkpoint}' does not fit the module: ")
            .Append($"{result.MissingKeys.Count} missing keys, {result.UnexpectedKeys.Count} unexpected keys, ")
            .Append($"{result.ShapeMismatches.Count} shape mismatches.");
        AppendList(message, "missing (in the module, not in the checkpoint)", result.MissingKeys);
        AppendList(message, "unexpected (in the checkpoint, not in the module)", result.UnexpectedKeys);
        AppendList(message, "wrong shape", result.ShapeMismatches.Select(m => m.ToString()).ToList());
        return message.ToString();
    }

    private static void AppendList(StringBuilder message, string title, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        message.Append($" {title}: ").Append(string.Join(", ", items.Take(ListedPerKind)));
        if (items.Count > ListedPerKind)
        {
            message.Append($" ... and {items.Count - ListedPerKind} more");
        }

        message.Append('.');
    }
}
