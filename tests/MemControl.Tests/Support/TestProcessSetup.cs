using System.Runtime.CompilerServices;
using MemControl.Models.Runtime;

namespace MemControl.Tests.Support;

/// <summary>Runs once when the test assembly loads, before any test touches libtorch.</summary>
internal static class TestProcessSetup
{
    [ModuleInitializer]
    internal static void Initialise() => CpuKernels.LimitToSse41();
}
