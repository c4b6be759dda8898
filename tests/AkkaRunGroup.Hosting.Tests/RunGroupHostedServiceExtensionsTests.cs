using System.Diagnostics;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
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

    /// <summary>A service whose StopAsync waits for its token: it returns when the grace period is over.</summary>
    private sealed class SlowToStop : IHostedService
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<(bool CancelledAtFirst, bool Cancelled, TimeSpan Waited)> Stopped { get; } = TestHost.NewTcs<(bool, bool, TimeSpan)>();

        public Task StartAsync(CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            return Task.CompletedTask;
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            var cancelledAtFirst = cancellationToken.IsCancellationRequested;
            var clock = Stopwatch.StartNew();
            await Task.Delay(TestHost.Bound, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Stopped.TrySetResult((cancelledAtFirst, cancellationToken.IsCancellationRequested, clock.Elapsed));
        }
    }

    [Fact]
    public async Task StopAsync_gets_a_token_that_is_cancelled_when_the_stop_timeout_is_over()
    {
        var service = new SlowToStop();
        var group = new RunGroup().AddHostedService(service, "slow", stopTimeout: TimeSpan.FromMilliseconds(300));

        var run = group.RunAsync();
        await service.Started.Task.Bounded();
        group.Interrupt();
        var result = await run.Bounded();
        var (cancelledAtFirst, cancelled, waited) = await service.Stopped.Task.Bounded();

        Assert.False(cancelledAtFirst);
        Assert.True(cancelled);
        Assert.True(waited >= TimeSpan.FromMilliseconds(250), $"the token was cancelled after {waited}");
        Assert.IsAssignableFrom<OperationCanceledException>(Assert.Single(result.Members).Error);
    }

    [Fact]
    public async Task Under_WithRunGroup_the_grace_period_is_the_groups_interrupt_timeout_the_hosts_shutdown_timeout_by_default()
    {
        var service = new SlowToStop();
        using var host = TestHost.Build(
            akka => akka.WithRunGroup("main", (group, _, _) => group.AddHostedService(service, "slow")),
            builder => builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1)));
        await host.StartAsync().Bounded();
        await service.Started.Task.Bounded();

        await host.StopAsync().Bounded();
        var (cancelledAtFirst, cancelled, waited) = await service.Stopped.Task.Bounded();

        Assert.False(cancelledAtFirst);
        Assert.True(cancelled);
        Assert.True(waited >= TimeSpan.FromMilliseconds(900), $"the token was cancelled after {waited}");
    }

    [Fact]
    public void A_stop_timeout_must_be_positive_or_infinite()
    {
        var service = new RecordingService();

        Assert.Throws<ArgumentOutOfRangeException>(() => new RunGroup().AddHostedService(service, stopTimeout: TimeSpan.Zero));
        new RunGroup().AddHostedService(service, stopTimeout: Timeout.InfiniteTimeSpan);
    }

    /// <summary>A dependency the container injects.</summary>
    internal sealed class Ledger;

    /// <summary>A hosted service the container builds.</summary>
    internal sealed class LedgerService(Ledger ledger) : IHostedService
    {
        private int _starts;
        private int _stops;

        public Ledger Ledger => ledger;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Starts => Volatile.Read(ref _starts);

        public int Stops => Volatile.Read(ref _stops);

        public Task StartAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _starts);
            Started.TrySetResult();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _stops);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task AddHostedService_of_T_runs_the_service_the_container_holds_and_it_starts_once()
    {
        using var host = TestHost.Build(
            akka => akka.WithRunGroup("main", (group, services, _) => group.AddHostedService<LedgerService>(services)),
            builder => builder.Services.AddSingleton<Ledger>().AddSingleton<LedgerService>());
        await host.StartAsync().Bounded();
        var handle = host.Services.GetRunGroup("main");
        await handle.Started.Bounded();
        var service = host.Services.GetRequiredService<LedgerService>();
        await service.Started.Task.Bounded();

        Assert.Same(host.Services.GetRequiredService<Ledger>(), service.Ledger);
        Assert.Equal(1, service.Starts);
        await host.StopAsync().Bounded();
        var result = await handle.Completion.Bounded();

        Assert.Equal(nameof(LedgerService), Assert.Single(result.Members).Name);
        Assert.Equal((1, 1), (service.Starts, service.Stops));
    }

    [Fact]
    public async Task AddHostedService_of_T_refuses_a_service_the_host_runs_already()
    {
        using var host = TestHost.Build(
            akka => akka.WithRunGroup("main", (group, services, _) => group.AddHostedService<LedgerService>(services)),
            builder => builder.Services.AddSingleton<Ledger>().AddHostedService<LedgerService>());

        await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync().Bounded());
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Services.GetRunGroup("main").Started.Bounded());

        Assert.Contains("AddSingleton<LedgerService>()", refused.Message);
    }

    [Fact]
    public void AddHostedService_of_T_needs_T_registered()
    {
        using var services = new ServiceCollection().AddSingleton<Ledger>().BuildServiceProvider();

        Assert.Throws<InvalidOperationException>(() => new RunGroup().AddHostedService<LedgerService>(services));
    }
}
