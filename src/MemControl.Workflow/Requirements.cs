namespace MemControl.Workflow;

/// <summary>
/// The check behind every workflow options and request type's <c>Validate()</c>: a broken rule is an
/// <see cref="ArgumentException"/> whose message starts with the property's name (docs/architecture.md, "Errors").
/// </summary>
internal static class Requirements
{
    public static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }

    /// <summary>A value another parser checks (a device, a storage URL, a mask space): its error is prefixed with the property.</summary>
    public static void Parsed<T>(string property, Func<T> parse)
    {
        try
        {
            parse();
        }
        catch (ArgumentException error)
        {
            throw new ArgumentException($"{property}: {error.Message}", error);
        }
    }
}
