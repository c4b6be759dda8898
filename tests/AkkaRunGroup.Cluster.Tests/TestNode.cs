using System.Diagnostics;
using Akka.Event;
using Akka.TestKit;
using Akka.TestKit.Xunit2.Internals;
using Xunit.Abstractions;

namespace AkkaRunGroup.Cluster.Tests;

/// <summary>
/// One cluster node of a scenario: its ActorSystem and its run group of the cluster member plus a <c>worker</c> that
/// runs until interrupted and records the error it was interrupted with. Cancelling <see cref="Interrupt"/> interrupts
/// the group from outside.
/// </summary>
public sealed class TestNode : IAsyncDisposable
{
    private readonly TaskCompletionSource _up = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _interrupt = new();
    private long _startedAt;
    private long _upAt;

    public TestNode(string name, ActorSystem system, TestKitBase kit, ITestOutputHelper output)
    {
        Name = name;
        System = system;
        Cluster = Akka.Cluster.Cluster.Get(system);
        var logger = system.ActorOf(Props.Create(() => new TestOutputLogger(output)), "test-output");
        logger.Ask<LoggerInitialized>(new InitializeLogger(system.EventStream), ClusterTestKit.Bound).Wait();
        Logs = kit.CreateTestProbe(system, "logs");
        system.EventStream.Subscribe(Logs.Ref, typeof(Info));
    }

    public string Name { get; }

    public ActorSystem System { get; }

    public Akka.Cluster.Cluster Cluster { get; }

    public Address Address => Cluster.SelfAddress;

    /// <summary>Receives every Info log event of the node.</summary>
    public TestProbe Logs { get; }

    /// <summary>Completes with the error the worker's interrupt received.</summary>
    public TaskCompletionSource<Exception?> WorkerInterrupted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the node is Up (Cluster.RegisterOnMemberUp).</summary>
    public Task Up => _up.Task;

    /// <summary>From the start of the run to the node's Up.</summary>
    public TimeSpan JoinToUp => Stopwatch.GetElapsedTime(_startedAt, _upAt);

    public Task<RunResult> Result { get; private set; } = null!;

    /// <summary>The node's group, once <see cref="Run"/> started it.</summary>
    public RunGroup Group { get; private set; } = null!;

    /// <summary>Starts the node's group: the cluster member joining through <paramref name="seeds"/>, and the worker.</summary>
    public Task<RunResult> Run(IReadOnlyList<Address> seeds, Action<ClusterMemberOptions>? configure = null)
    {
        _startedAt = Stopwatch.GetTimestamp();
        Cluster.RegisterOnMemberUp(() =>
        {
            _upAt = Stopwatch.GetTimestamp();
            _up.TrySetResult();
        });
        var group = Group = new RunGroup($"node-{Name}")
            .AddClusterMember(options =>
            {
                options.SeedNodes = seeds;
                configure?.Invoke(options);
            })
            .Add(token => Task.Delay(Timeout.Infinite, token), error => WorkerInterrupted.TrySetResult(error), "worker");
        Result = group.RunAsync(System, _interrupt.Token);
        return Result;
    }

    /// <summary>Interrupts the node's group from outside (with an OperationCanceledException).</summary>
    public void Interrupt() => _interrupt.Cancel();

    public async ValueTask DisposeAsync()
    {
        _interrupt.Cancel();
        if (Result is not null)
        {
            await Result.WaitAsync(ClusterTestKit.Bound);
        }

        await System.Terminate().WaitAsync(ClusterTestKit.Bound);
        _interrupt.Dispose();
    }
}
