using MemControl.Workflow.Benchmark;
using MemControl.Workflow.Reports;
using MemControl.Workflow.RunData;
using MemControl.Workflow.Search;

namespace MemControl.Workflow.Runs;

/// <summary>What <see cref="WholeRun"/> produced: the data, the search's pick, the Table-1 results and the report.</summary>
public sealed record WholeRunResult(PreparedData Data, SearchOutcome Search, BenchmarkResults Benchmark, RunReport Report, IReadOnlyList<string> ReportFiles);
