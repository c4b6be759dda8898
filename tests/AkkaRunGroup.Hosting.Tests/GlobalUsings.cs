global using Xunit;

// The tests read and reset the process-wide Environment.ExitCode: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
