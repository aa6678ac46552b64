namespace MemControl.Cli;

/// <summary>
/// How one command sets one library options type: each property it sets (as library errors name it) and the option
/// that sets it there. The same property can have different options in different commands (EvaluationOptions.Steps
/// is <c>evaluate --steps</c> but <c>benchmark --sampling-steps</c>), so a table belongs to one command's settings.
/// </summary>
/// <param name="Options">The library type whose properties library errors name (e.g. DetectionOptions).</param>
/// <param name="Settings">The command's settings class whose <c>[CommandOption]</c>s the options are.</param>
/// <param name="Flags">Property → the words a user typed, starting with the option (e.g. <c>--lr-range LOW</c>).</param>
public sealed record OptionTable(Type Options, Type Settings, IReadOnlyDictionary<string, string> Flags);
