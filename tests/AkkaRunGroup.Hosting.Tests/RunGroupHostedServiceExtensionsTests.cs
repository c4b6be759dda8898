using Microsoft.Extensions.Hosting;

namespace AkkaRunGroup.Hosting.Tests;

/// <summary>Hosted services and background services as group members.</summary>
public sealed class RunGroupHostedServiceExtensionsTests
{
    private sealed class RecordingService : IHostedService
    {
        public List<string> Calls { get; } = [];

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task StartAsync(CancellationToken cancellationToken)
        {
            lock (Calls)
            {
                Calls.Add("start");
            }

            Started.TrySetResult();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            lock (Calls)
            {
                Calls.Add("stop");
            }

            return Task.CompletedTask;
        }
    }

    private sealed class Worker(Task stopOnItsOwn) : BackgroundService
    {
        public TaskCompletionSource Running { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool SawStoppingToken { get; private set; }

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            Running.TrySetResult();
            try
            {
                await stopOnItsOwn.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                SawStoppingToken = true;
                throw;
            }
        }
    }

    [Fact]
    public async Task A_hosted_service_is_started_runs_until_interrupted_then_is_stopped()
    {
        var service = new RecordingService();
        var group = new RunGroup().AddHostedService(service);

        var run = group.RunAsync();
        await service.Started.Task.Bounded();
        group.Interrupt();
        var result = await run.Bounded();

        Assert.Equal(["start", "stop"], service.Calls);
        var member = Assert.Single(result.Members);
        Assert.Equal(nameof(RecordingService), member.Name);
        Assert.IsAssignableFrom<OperationCanceledException>(member.Error);
    }

    [Fact]
    public async Task A_background_service_that_ends_with_an_error_stops_the_group_with_it()
    {
        var failure = new InvalidOperationException("worker broke");
        var worker = new Worker(Task.FromException(failure));
        var group = new RunGroup()
            .AddHostedService(worker, "worker")
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "other");

        var result = await group.RunAsync().Bounded();

        Assert.Equal("worker", result.FirstExited);
        Assert.Same(failure, result.Error);
        Assert.False(worker.SawStoppingToken);
    }

    private sealed class FailingWorker(Exception error, bool beforeFirstAwait) : BackgroundService
    {
        public int Stops;

        public override Task StopAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Stops);
            return base.StopAsync(cancellationToken);
        }

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            if (!beforeFirstAwait)
            {
                await Task.Yield();
            }

            throw error;
        }
    }

    /// <summary>
    /// Found by the random hosted test (seed 9_yGIiRFJix6): a BackgroundService whose ExecuteAsync failed was never
    /// stopped, while one that ran to completion was.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_background_service_whose_ExecuteAsync_fails_is_stopped_once_and_its_error_stops_the_group(bool beforeFirstAwait)
    {
        var error = new InvalidOperationException("execute failed");
        var worker = new FailingWorker(error, beforeFirstAwait);

        var result = await new RunGroup("failing-worker")
            .AddHostedService(worker, "worker")
            .Add(token => Task.Delay(Timeout.Infinite, token), name: "other")
            .RunAsync().Bounded();

        Assert.Same(error, result.Error);
        Assert.Equal("worker", result.FirstExited);
        Assert.Equal(1, worker.Stops);
    }

    [Fact]
    public async Task An_interrupted_background_service_is_stopped_through_its_stopping_token()
    {
        var worker = new Worker(new TaskCompletionSource().Task);
        var group = new RunGroup().AddHostedService(worker, "worker");

        var run = group.RunAsync();
        await worker.Running.Task.Bounded();
        group.Interrupt();
        var result = await run.Bounded();

        Assert.True(worker.SawStoppingToken);
        Assert.IsAssignableFrom<OperationCanceledException>(result.Members[0].Error);
        Assert.True(worker.ExecuteTask!.IsCompleted);
    }
}
