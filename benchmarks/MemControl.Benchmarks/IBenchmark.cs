namespace MemControl.Benchmarks;

/// <summary>
/// One benchmark program: measures something and returns its figures, which the host prints as JSON.
/// Add a benchmark by adding a class that implements this interface; <see cref="Program"/> finds it by name.
/// </summary>
public interface IBenchmark
{
    /// <summary>The name on the command line, e.g. <c>unet</c>.</summary>
    string Name { get; }

    /// <summary>One line for the list of benchmarks.</summary>
    string Description { get; }

    /// <summary>Runs with the remaining command-line arguments and returns a JSON-serialisable object of figures.</summary>
    object Run(IReadOnlyList<string> args);
}
