using MemControl.Search.Tests.Support;

// The test executable doubles as a worker process for the multi-worker tests (a real process they can SIGKILL):
//   MemControl.Search.Tests worker <storage-url> <study> <trials> <delay-ms>
// Anything else runs the tests, as the generated xunit entry point would.
if (args.Length > 0 && args[0] == "worker")
{
    return TestWorker.Run(args[1..]);
}

return await Xunit.Runner.InProc.SystemConsole.ConsoleRunner.Run(args).ConfigureAwait(false);
