using System.Runtime.CompilerServices;

// The GPU check's parsing, timing and version reading are tested against reference values (tests/MemControl.Tests/Benchmarks).
[assembly: InternalsVisibleTo("MemControl.Tests")]
