using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace AkkaRunGroup.Tests;

/// <summary>A TestKit whose ActorSystem logs to the test's output.</summary>
public abstract class RunGroupTestKit : TestKit
{
    /// <summary>The bound on every wait in these tests: long enough never to fire on a slow machine, short enough to report a hang.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    protected RunGroupTestKit(ITestOutputHelper output, string? config = null)
        : base(config ?? "akka.loglevel = INFO", output)
    {
    }
}

public static class BoundedWaits
{
    /// <summary>Waits for <paramref name="task"/> at most <see cref="RunGroupTestKit.Bound"/>, failing the test on a hang.</summary>
    public static Task<T> Bounded<T>(this Task<T> task) => task.WaitAsync(RunGroupTestKit.Bound);

    /// <inheritdoc cref="Bounded{T}(Task{T})"/>
    public static Task Bounded(this Task task) => task.WaitAsync(RunGroupTestKit.Bound);

    /// <summary>Blocks at most <see cref="RunGroupTestKit.Bound"/> for the event, failing on a hang.</summary>
    public static void WaitBounded(this ManualResetEventSlim e) =>
        Assert.True(e.Wait(RunGroupTestKit.Bound), "timed out waiting for an event");

    /// <summary>A TaskCompletionSource that runs continuations asynchronously, as the library's own.</summary>
    public static TaskCompletionSource<T> NewTcs<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
