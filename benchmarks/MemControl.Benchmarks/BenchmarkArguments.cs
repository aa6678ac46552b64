namespace MemControl.Benchmarks;

/// <summary>The bench programs' <c>--name value</c> arguments.</summary>
public static class BenchmarkArguments
{
    /// <summary>The value after <paramref name="name"/>, or null when it is not given.</summary>
    public static string? Option(IReadOnlyList<string> args, string name)
    {
        var i = args.ToList().IndexOf(name);
        return i >= 0 && i + 1 < args.Count ? args[i + 1] : null;
    }
}
