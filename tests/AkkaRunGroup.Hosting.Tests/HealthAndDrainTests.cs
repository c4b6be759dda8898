using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using AkkaRunGroup.Hosting.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AkkaRunGroup.Hosting.Tests;

/// <summary>Readiness, liveness and the drain of a hosted group under a real Generic Host, for every way it stops.</summary>
public sealed class HealthAndDrainTests
{
    /// <summary>Long enough that only a member's exit ends the drain within a test.</summary>
    private static readonly TimeSpan LongDrain = TimeSpan.FromMinutes(10);

    public enum StopWay
    {
        HostStop,
        CoordinatedShutdown,
        HandleInterrupt,
        CancellationMember,
    }

    private sealed class TestReason : CoordinatedShutdown.Reason
    {
        public override int ExitCode => 0;
    }

    [Fact]
    public async Task Readiness_is_healthy_only_while_the_group_runs_and_a_clean_stop_keeps_liveness_healthy()
    {
        using var host = TestHost.Build(
            akka => akka.WithRunGroup("main", (group, _, _) => group.Add(token => Task.Delay(Timeout.Infinite, token), name: "worker")),
            builder => builder.Services.AddRunGroupHealthChecks());
        var handle = host.Services.GetRunGroup("main");
        Assert.Equal(HealthStatus.Unhealthy, (await host.Ready()).Status);

        await host.StartAsync().Bounded();
        await handle.Started.Bounded();
        await AwaitHealthy(host);
        var ready = await host.Ready();
        Assert.Equal("Running", ready.Data["phase"]);
        Assert.Contains("akka", ready.Tags);
        Assert.Equal(HealthStatus.Healthy, (await host.Live()).Status);

        await host.StopAsync().Bounded();
        var stopped = await host.Ready();
        Assert.Equal(HealthStatus.Unhealthy, stopped.Status);
        Assert.Equal("Completed", stopped.Data["phase"]);
        Assert.Equal(HealthStatus.Healthy, (await host.Live()).Status);
    }

    [Theory]
    [InlineData(StopWay.HostStop)]
    [InlineData(StopWay.CoordinatedShutdown)]
    [InlineData(StopWay.HandleInterrupt)]
    [InlineData(StopWay.CancellationMember)]
    public async Task A_stop_from_outside_drains_with_readiness_failing_and_the_hosts_other_services_running(StopWay way)
    {
        using var stopping = new CancellationTokenSource();
        var exit = TestHost.NewTcs<bool>();
        var interrupted = 0;
        RunGroupHandle? handle = null;
        using var host = TestHost.Build(
            akka => akka.WithRunGroup(options =>
            {
                options.Name = "main";
                options.DrainDelay = LongDrain;
                options.Configure = (group, _, _) => group
                    .AddCancellation(stopping.Token, "stopping")
                    .Add(async token => await exit.Task.WaitAsync(token), _ => Interlocked.Increment(ref interrupted), "web")
                    .Add(token => Task.Delay(Timeout.Infinite, token), _ => Interlocked.Increment(ref interrupted), "worker");
            }),
            builder =>
            {
                builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromHours(1));
                builder.Services.AddRunGroupHealthChecks();
                builder.Services.AddSingleton(new StopRecorder(() => handle!.State.Phase));
                builder.Services.AddHostedService(s => s.GetRequiredService<StopRecorder>());
            });
        handle = host.Services.GetRunGroup("main");
        await host.StartAsync().Bounded();
        await AwaitHealthy(host);

        var hostStop = Stop(way, host, handle, stopping);
        await AwaitPhase(handle, RunGroupPhase.Draining);
        var ready = await host.Ready();
        Assert.Equal(HealthStatus.Unhealthy, ready.Status);
        Assert.Equal("Draining", ready.Data["phase"]);
        Assert.Equal(HealthStatus.Healthy, (await host.Live()).Status);
        Assert.Equal(0, Volatile.Read(ref interrupted));
        var recorder = host.Services.GetRequiredService<StopRecorder>();
        Assert.False(recorder.Stopped.IsCompleted, "the host stopped a service while the group drained");

        // A member's exit ends the drain; then the group is interrupted and the host goes on stopping.
        exit.TrySetResult(true);
        var result = await handle.Completion.Bounded();
        await hostStop.Bounded();
        await host.StopAsync().Bounded();

        Assert.Equal(2, Volatile.Read(ref interrupted));
        Assert.True(await recorder.Stopped.Bounded() is RunGroupPhase.Interrupting or RunGroupPhase.Completed);
        Assert.Equal(way == StopWay.CancellationMember ? "stopping" : null, result.FirstExited);
        Assert.False(HostedGroups.IsFailure(result.Error), $"a stop from outside is no failure: {result.Error}");
        Assert.Equal(HealthStatus.Healthy, (await host.Live()).Status);
    }

    [Fact]
    public async Task A_members_own_exit_does_not_drain_and_liveness_names_the_member_that_failed()
    {
        using var host = TestHost.Build(
            akka => akka.WithRunGroup(options =>
            {
                options.Name = "main";
                options.DrainDelay = LongDrain;
                options.SetExitCode = false;
                options.Configure = (group, _, _) => group
                    .Add(_ => Task.FromException(new TimeoutException("db gone")), name: "db")
                    .Add(token => Task.Delay(Timeout.Infinite, token), name: "web");
            }),
            builder =>
            {
                builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromHours(1));
                builder.Services.AddRunGroupHealthChecks();
            });
        var handle = host.Services.GetRunGroup("main");

        await host.StartAsync().Bounded();
        var result = await handle.Completion.Bounded();
        await host.WaitForShutdownAsync().Bounded();

        Assert.Equal("db", result.FirstExited);
        var live = await host.Live();
        Assert.Equal(HealthStatus.Unhealthy, live.Status);
        Assert.Contains("'db' exited first", live.Description);
        Assert.IsType<TimeoutException>(live.Exception);
        Assert.Equal("db", live.Data["firstExited"]);
        Assert.Equal(HealthStatus.Unhealthy, (await host.Ready()).Status);
    }

    [Fact]
    public async Task An_abandoned_member_makes_liveness_unhealthy()
    {
        using var release = new ManualResetEventSlim();
        using var host = TestHost.Build(
            akka => akka.WithRunGroup(options =>
            {
                options.Name = "main";
                options.InterruptTimeout = TimeSpan.FromMilliseconds(200);
                options.Configure = (group, _, _) => group.Add(() => { release.Wait(TestHost.Bound); return null; }, _ => { }, "stubborn");
            }),
            builder => builder.Services.AddRunGroupHealthChecks());
        var handle = host.Services.GetRunGroup("main");
        await host.StartAsync().Bounded();
        await handle.Started.Bounded();

        handle.Interrupt();
        await handle.Completion.Bounded();
        var live = await host.Live();
        release.Set();
        await host.StopAsync().Bounded();

        Assert.Equal(HealthStatus.Unhealthy, live.Status);
        Assert.Contains("abandoned 'stubborn'", live.Description);
    }

    [Fact]
    public async Task A_nested_group_in_reverse_order_drains_once_with_its_parent_under_the_host()
    {
        var exit = TestHost.NewTcs<bool>();
        var order = new System.Collections.Concurrent.ConcurrentQueue<string>();
        RunGroup? inner = null;
        using var host = TestHost.Build(
            akka => akka.WithRunGroup(options =>
            {
                options.Name = "main";
                options.DrainDelay = LongDrain;
                options.Configure = (group, _, _) =>
                {
                    inner = new RunGroup("inner").Add(token => Task.Delay(Timeout.Infinite, token), _ => order.Enqueue("inner-worker"), "inner-worker");
                    group.WithInterruptOrder(InterruptOrder.Reverse)
                        .Add(async token => await exit.Task.WaitAsync(token), _ => order.Enqueue("web"), "web")
                        .Add(inner);
                };
            }),
            builder =>
            {
                builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromHours(1));
                builder.Services.AddRunGroupHealthChecks();
            });
        var handle = host.Services.GetRunGroup("main");
        await host.StartAsync().Bounded();
        await AwaitHealthy(host);

        var stop = host.StopAsync();
        await AwaitPhase(handle, RunGroupPhase.Draining);
        Assert.Equal(RunGroupPhase.Running, inner!.State.Phase);
        exit.TrySetResult(true);
        await stop.Bounded();

        var result = await handle.Completion.Bounded();
        Assert.Equal(["inner-worker", "web"], order);
        Assert.True(result.Members[1].Result!.Members[0].Interrupted);
    }

    [Fact]
    public async Task A_drain_not_shorter_than_the_hosts_shutdown_timeout_fails_the_start_and_says_why()
    {
        using var host = TestHost.Build(
            akka => akka.WithRunGroup(options =>
            {
                options.Name = "main";
                options.DrainDelay = TimeSpan.FromSeconds(5);
                options.Configure = (group, _, _) => group.Add(token => Task.Delay(Timeout.Infinite, token));
            }),
            builder =>
            {
                builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
                builder.Services.AddRunGroupHealthChecks();
            });
        var handle = host.Services.GetRunGroup("main");

        await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync().Bounded());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => handle.Started.Bounded());
        Assert.Contains("drain delay (00:00:05)", error.Message);
        Assert.Contains("ShutdownTimeout (00:00:05)", error.Message);
        var live = await host.Live();
        Assert.Equal(HealthStatus.Unhealthy, live.Status);
        Assert.Contains("could not start", live.Description);
        foreach (var check in new[] { live, await host.Ready() })
        {
            Assert.Equal("NotStarted", check.Data["phase"]);
            Assert.IsType<DateTimeOffset>(check.Data["since"]);
            Assert.Equal(typeof(InvalidOperationException).FullName, check.Data["error"]);
        }
    }

    [Fact]
    public async Task A_bad_drain_delay_setting_fails_the_start_with_a_ConfigurationException_naming_the_key()
    {
        using var host = TestHost.Build(akka => akka
            .AddHocon("akka.run-group.drain-delay = -2s", HoconAddMode.Prepend)
            .WithRunGroup("main", (group, _, _) => group.Add(token => Task.Delay(Timeout.Infinite, token))));
        var handle = host.Services.GetRunGroup("main");

        await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync().Bounded());

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => handle.Started.Bounded());
        Assert.Contains("akka.run-group.drain-delay", error.Message);
    }

    [Fact]
    public void A_negative_drain_delay_option_is_rejected()
    {
        using var host = TestHost.Build(akka => akka.WithRunGroup(o => o.DrainDelay = TimeSpan.FromSeconds(-1)));

        Assert.Throws<ArgumentException>(() => host.Services.GetRunGroup("run-group"));
    }

    [Fact]
    public async Task WithRunGroup_turns_Akkas_SIGTERM_hook_off_unless_your_HOCON_says_otherwise()
    {
        Assert.False(await ClrHookOf(akka => akka));
        Assert.True(await ClrHookOf(akka => akka.AddHocon("akka.coordinated-shutdown.run-by-clr-shutdown-hook = on", HoconAddMode.Prepend)));
    }

    [Fact]
    public async Task A_liveness_filter_picks_up_the_groups_liveness_check_and_Akka_Hostings_own_ActorSystem_check()
    {
        using var host = TestHost.Build(
            akka => akka
                .WithActorSystemLivenessCheck()
                .WithRunGroup("main", (group, _, _) => group.Add(token => Task.Delay(Timeout.Infinite, token), name: "worker")),
            builder => builder.Services.AddRunGroupHealthChecks());
        await host.StartAsync().Bounded();
        await AwaitHealthy(host);

        // What /healthz/live in the samples maps: Akka.Hosting tags its check "akka" and "liveness".
        var live = await host.Check("liveness");
        Assert.Equal(["akka.actorsystem", "run-group-main-live"], live.Entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(HealthStatus.Healthy, live.Status);
        Assert.Contains("live", live.Entries["run-group-main-live"].Tags);
        Assert.DoesNotContain("akka.actorsystem", (await host.Check("ready")).Entries.Keys);

        await host.StopAsync().Bounded();
    }

    [Fact]
    public async Task A_drains_failing_readiness_carries_no_exception_so_the_health_check_service_logs_it_without_a_stack_trace()
    {
        var provider = new CapturingLoggerProvider();
        var exit = TestHost.NewTcs<bool>();
        using var host = TestHost.Build(
            akka => akka.WithRunGroup(options =>
            {
                options.Name = "main";
                options.DrainDelay = LongDrain;
                options.Configure = (group, _, _) => group.Add(async token => await exit.Task.WaitAsync(token), name: "web");
            }),
            builder =>
            {
                builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromHours(1));
                builder.Services.AddRunGroupHealthChecks();
                builder.Logging.AddProvider(provider);
            });
        var handle = host.Services.GetRunGroup("main");
        await host.StartAsync().Bounded();
        await AwaitHealthy(host);

        handle.Interrupt(new OperationCanceledException("stopping"));
        await AwaitPhase(handle, RunGroupPhase.Draining);
        var ready = await host.Ready();

        Assert.Equal(HealthStatus.Unhealthy, ready.Status);
        Assert.Null(ready.Exception);
        Assert.Contains("Draining since", ready.Description);
        Assert.Contains("interrupted from outside with OperationCanceledException: stopping", ready.Description);
        Assert.Equal("System.OperationCanceledException", ready.Data["error"]);
        // The service logs an unhealthy check at Error whatever the check does; without an exception, in one line.
        var logged = provider.Entries.Last(e =>
            e.Category == "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService"
            && e.Fields.GetValueOrDefault("HealthCheckName") as string == "run-group-main-ready");
        Assert.Equal((LogLevel.Error, null), (logged.Level, logged.Exception));

        exit.TrySetResult(true);
        await handle.Completion.Bounded();
        await host.StopAsync().Bounded();
    }

    [Fact]
    public async Task Readiness_after_a_member_failed_carries_the_failure()
    {
        var failure = new TimeoutException("db gone");
        using var host = TestHost.Build(
            akka => akka.WithRunGroup(options =>
            {
                options.Name = "main";
                options.SetExitCode = false;
                options.StopHostOnCompletion = false;
                options.Configure = (group, _, _) => group.Add(_ => Task.FromException(failure), name: "db");
            }),
            builder => builder.Services.AddRunGroupHealthChecks());
        await host.StartAsync().Bounded();
        await host.Services.GetRunGroup("main").Completion.Bounded();

        var ready = await host.Ready();

        Assert.Equal(HealthStatus.Unhealthy, ready.Status);
        Assert.Same(failure, ready.Exception);
        await host.StopAsync().Bounded();
    }

    private static async Task<bool> ClrHookOf(Func<AkkaConfigurationBuilder, AkkaConfigurationBuilder> hocon)
    {
        using var host = TestHost.Build(akka => hocon(akka).WithRunGroup("main", (group, _, _) => group.Add(token => Task.Delay(Timeout.Infinite, token))));
        await host.StartAsync().Bounded();
        var hook = host.Services.GetRequiredService<ActorSystem>().Settings.Config.GetBoolean("akka.coordinated-shutdown.run-by-clr-shutdown-hook");
        await host.StopAsync().Bounded();
        return hook;
    }

    private static Task Stop(StopWay way, IHost host, RunGroupHandle handle, CancellationTokenSource stopping)
    {
        switch (way)
        {
            case StopWay.HostStop:
                return host.StopAsync();
            case StopWay.CoordinatedShutdown:
                return CoordinatedShutdown.Get(host.Services.GetRequiredService<ActorSystem>()).Run(new TestReason());
            case StopWay.HandleInterrupt:
                handle.Interrupt(new OperationCanceledException("from the handle"));
                return Task.CompletedTask;
            default:
                stopping.Cancel();
                return Task.CompletedTask;
        }
    }

    private static async Task AwaitHealthy(IHost host)
    {
        using var bound = new CancellationTokenSource(TestHost.Bound);
        while ((await host.Ready()).Status != HealthStatus.Healthy)
        {
            await Task.Delay(10, bound.Token);
        }
    }

    private static async Task AwaitPhase(RunGroupHandle handle, RunGroupPhase phase)
    {
        using var bound = new CancellationTokenSource(TestHost.Bound);
        while (handle.State.Phase != phase)
        {
            await Task.Delay(10, bound.Token);
        }
    }
}
