namespace MemControl.Cli;

/// <summary>An interrupted run (SIGINT) whose message says where it stopped and how to continue (exit code 130).</summary>
public sealed class RunInterruptedException(string message, Exception inner) : OperationCanceledException(message, inner);
