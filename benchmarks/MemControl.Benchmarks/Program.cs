using System.Text.Json;
using MemControl.Benchmarks;

// memcontrol-bench <name> [args...]: runs one benchmark and prints its figures as JSON on stdout.
MemControl.Models.Runtime.CpuKernels.UseSafeConvolutionKernels();
var benchmarks = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBenchmark).IsAssignableFrom(t))
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToDictionary(b => b.Name, StringComparer.Ordinal);

if (args.Length == 0 || args[0] is "-h" or "--help" || !benchmarks.TryGetValue(args[0], out var benchmark))
{
    if (args.Length > 0 && args[0] is not ("-h" or "--help"))
    {
        Console.Error.WriteLine($"memcontrol-bench: unknown benchmark '{args[0]}'.");
    }

    Console.Error.WriteLine("usage: ./bench <name> [options]   benchmarks:");
    foreach (var b in benchmarks.Values)
    {
        Console.Error.WriteLine($"  {b.Name,-16} {b.Description}");
    }

    // Run by the ./bench wrapper, not by this program: it needs the diffusers reference's Python.
    Console.Error.WriteLine($"  {"compare",-16} ours against diffusers on this CPU, alternately; ratios to benchmarks/results/ (benchmarks/compare_cpu.py --help)");

    return args.Length == 0 || args[0] is "-h" or "--help" ? 0 : 2;
}

try
{
    var figures = benchmark.Run(args.Skip(1).ToArray());
    Console.WriteLine(JsonSerializer.Serialize(figures, new JsonSerializerOptions { WriteIndented = true }));
    return 0;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"memcontrol-bench {benchmark.Name}: {e.Message}");
    return 2;
}
catch (BenchmarkFailedException e)
{
    Console.Error.WriteLine($"memcontrol-bench {benchmark.Name}: {e.Message}");
    return 1;
}
