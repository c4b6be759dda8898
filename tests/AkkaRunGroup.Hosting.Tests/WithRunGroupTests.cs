using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AkkaRunGroup.Hosting.Tests;

/// <summary>WithRunGroup under a real Generic Host: start, completion, host stop, exit code, interrupt timeout.</summary>
public sealed class WithRunGroupTests
{
    [Fact]
    public async Task The_group_starts_with_the_ActorSystem_and_its_completion_stops_the_host()
    {
        var release = TestHost.NewTcs<bool>();
        IServiceProvider? seenServices = null;
        IActorRegistry? seenRegistry = null;
        using var host = TestHost.Build(akka => akka.WithRunGroup("main", (group, services, registry) =>
        {
            seenServices = services;
            seenRegistry = registry;
            group.Add(_ => release.Task, name: "worker");
        }));

        await host.StartAsync().Bounded();
        var handle = host.Services.GetRunGroup("main");
        await handle.Started.Bounded();
        release.TrySetResult(true);
        var result = await handle.Completion.Bounded();
        await host.WaitForShutdownAsync().Bounded();

        Assert.Equal("worker", result.FirstExited);
        Assert.Null(result.Error);
        // The root services: a singleton resolved through them is the host's.
        Assert.Same(host.Services.GetRequiredService<IHostApplicationLifetime>(), seenServices!.GetRequiredService<IHostApplicationLifetime>());
        Assert.Same(host.Services.GetRequiredService<ActorRegistry>(), seenRegistry);
        Assert.Same(handle, host.Services.GetRunGroup("main"));
    }

    [Fact]
    public async Task Stopping_the_host_interrupts_the_group_and_waits_until_it_has_completed()
    {
        var interrupted = TestHost.NewTcs<bool>();
        var finishCleanup = TestHost.NewTcs<bool>();
        var cleanedUp = false;
        using var host = TestHost.Build(akka => akka.WithRunGroup("main", (group, _, _) => group.Add(async token =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            finally
            {
                interrupted.TrySetResult(true);
                await finishCleanup.Task;
                cleanedUp = true;
            }
        }, name: "slow")));
        await host.StartAsync().Bounded();
        var handle = host.Services.GetRunGroup("main");
        await handle.Started.Bounded();

        var stop = host.StopAsync();
        await interrupted.Task.Bounded();
        Assert.False(stop.IsCompleted, "the host stopped before its group completed");
        finishCleanup.TrySetResult(true);
        await stop.Bounded();

        Assert.True(handle.Completion.IsCompleted);
        Assert.True(cleanedUp);
        var result = await handle.Completion;
        var error = Assert.IsAssignableFrom<OperationCanceledException>(result.Error);
        Assert.Equal("The host is stopping.", error.Message);
        Assert.Null(result.FirstExited);
    }

    [Fact]
    public Task A_failing_member_sets_the_exit_code_to_1_and_a_stopping_host_does_not() => TestHost.PreservingExitCode(async () =>
    {
        Environment.ExitCode = 0;
        using (var stopped = TestHost.Build(akka => akka.WithRunGroup("main", (group, _, _) => group.Add(token => Task.Delay(Timeout.Infinite, token)))))
        {
            await stopped.StartAsync().Bounded();
            await stopped.Services.GetRunGroup("main").Started.Bounded();
            await stopped.StopAsync().Bounded();
        }

        Assert.Equal(0, Environment.ExitCode);

        using var failing = TestHost.Build(akka => akka.WithRunGroup("main", (group, _, _) =>
            group.Add(_ => Task.FromException(new InvalidOperationException("broken")), name: "broken")));
        await failing.StartAsync().Bounded();
        var result = await failing.Services.GetRunGroup("main").Completion.Bounded();
        await failing.WaitForShutdownAsync().Bounded();

        Assert.IsType<InvalidOperationException>(result.Error);
        Assert.Equal(1, Environment.ExitCode);
    });

    [Fact]
    public Task SetExitCode_off_leaves_the_exit_code_and_StopHostOnCompletion_off_keeps_the_host_running() => TestHost.PreservingExitCode(async () =>
    {
        Environment.ExitCode = 0;
        using var host = TestHost.Build(akka => akka.WithRunGroup(options =>
        {
            options.Name = "quiet";
            options.SetExitCode = false;
            options.StopHostOnCompletion = false;
            options.Configure = (group, _, _) => group.Add(_ => Task.FromException(new InvalidOperationException("broken")));
        }));
        await host.StartAsync().Bounded();

        await host.Services.GetRunGroup("quiet").Completion.Bounded();

        Assert.Equal(0, Environment.ExitCode);
        Assert.False(host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        await host.StopAsync().Bounded();
    });

    [Fact]
    public async Task The_hosts_shutdown_timeout_is_the_default_interrupt_timeout()
    {
        using var release = new ManualResetEventSlim();
        using var host = TestHost.Build(
            akka => akka.WithRunGroup("main", (group, _, _) => group.Add(
                () => { release.Wait(TestHost.Bound); return null; },
                _ => { /* ignores its interrupt: it will be abandoned */ },
                "stubborn")),
            builder => builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1)));
        await host.StartAsync().Bounded();
        var handle = host.Services.GetRunGroup("main");
        await handle.Started.Bounded();

        await host.StopAsync().Bounded();
        var result = await handle.Completion.Bounded();
        release.Set();

        Assert.Equal("stubborn", Assert.Single(result.Abandoned).Name);
    }

    [Fact]
    public async Task The_handle_interrupts_the_group()
    {
        using var host = TestHost.Build(akka => akka.WithRunGroup("main", (group, _, _) => group.Add(token => Task.Delay(Timeout.Infinite, token))));
        await host.StartAsync().Bounded();
        var handle = host.Services.GetRunGroup("main");
        await handle.Started.Bounded();
        var error = new TimeoutException("from the handle");

        handle.Interrupt(error);

        Assert.Same(error, (await handle.Completion.Bounded()).Error);
        await host.WaitForShutdownAsync().Bounded();
    }

    [Fact]
    public void Unknown_and_duplicate_group_names_are_rejected()
    {
        using var host = TestHost.Build(akka => akka.WithRunGroup("main", (_, _, _) => { }));
        var unknown = Assert.Throws<InvalidOperationException>(() => host.Services.GetRunGroup("other"));
        Assert.Contains("'other'", unknown.Message);

        using var twice = TestHost.Build(akka => akka.WithRunGroup("main", (_, _, _) => { }).WithRunGroup("main", (_, _, _) => { }));
        Assert.Throws<ArgumentException>(() => twice.Services.GetRunGroup("main"));
    }

    [Fact]
    public async Task A_configure_callback_that_throws_fails_the_host_start_and_the_handle()
    {
        var broken = new InvalidOperationException("bad wiring");
        using var host = TestHost.Build(akka => akka.WithRunGroup("main", (_, _, _) => throw broken));

        await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync().Bounded());
        var handle = host.Services.GetRunGroup("main");

        Assert.Same(broken, await Assert.ThrowsAsync<InvalidOperationException>(() => handle.Started.Bounded()));
        Assert.Same(broken, await Assert.ThrowsAsync<InvalidOperationException>(() => handle.Completion.Bounded()));
    }

    [Fact]
    public void Options_without_a_name_or_with_a_negative_timeout_are_rejected()
    {
        using var noName = TestHost.Build(akka => akka.WithRunGroup(o => o.Name = ""));
        Assert.Throws<ArgumentException>(() => noName.Services.GetRunGroup("run-group"));

        using var negative = TestHost.Build(akka => akka.WithRunGroup(o => o.InterruptTimeout = TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentException>(() => negative.Services.GetRunGroup("run-group"));
    }

    [Fact]
    public void Group_names_that_differ_only_in_case_are_one_name_in_a_host()
    {
        using var twice = TestHost.Build(akka => akka.WithRunGroup("Main", (_, _, _) => { }).WithRunGroup("main", (_, _, _) => { }));

        var error = Assert.Throws<ArgumentException>(() => twice.Services.GetRunGroup("Main"));
        Assert.Contains("already runs a hosted run group named 'main'", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public async Task A_huge_interrupt_timeout_with_or_without_a_drain_starts_and_stops_the_host(int drainMs)
    {
        using var host = TestHost.Build(
            akka => akka.WithRunGroup(options =>
            {
                options.Name = "main";
                options.InterruptTimeout = TimeSpan.MaxValue;
                options.DrainDelay = TimeSpan.FromMilliseconds(drainMs);
                options.Configure = (group, _, _) => group.Add(token => Task.Delay(Timeout.Infinite, token));
            }),
            builder => builder.Services.AddRunGroupHealthChecks());
        await host.StartAsync().Bounded();
        var handle = host.Services.GetRunGroup("main");
        await handle.Started.Bounded();

        await host.StopAsync().Bounded();

        var result = await handle.Completion.Bounded();
        Assert.IsType<OperationCanceledException>(result.Error);
        await host.Services.GetRequiredService<ActorSystem>().WhenTerminated.Bounded();
    }

    [Fact]
    public async Task A_zero_host_shutdown_timeout_fails_the_start_naming_it()
    {
        using var host = TestHost.Build(
            akka => akka.WithRunGroup("main", (group, _, _) => group.Add(token => Task.Delay(Timeout.Infinite, token))),
            builder => builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.Zero));
        var handle = host.Services.GetRunGroup("main");

        await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync().Bounded());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => handle.Started.Bounded());
        Assert.Contains("HostOptions.ShutdownTimeout (00:00:00)", error.Message);
        Assert.Contains("RunGroupHostingOptions.InterruptTimeout", error.Message);
    }

    [Fact]
    public async Task A_drain_set_in_the_configure_callback_is_checked_against_the_hosts_shutdown_timeout()
    {
        using var host = TestHost.Build(
            akka => akka.WithRunGroup("main", (group, _, _) => group
                .WithDrainDelay(TimeSpan.FromMinutes(5))
                .Add(token => Task.Delay(Timeout.Infinite, token))),
            builder =>
            {
                builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
                builder.Services.AddRunGroupHealthChecks();
            });
        var handle = host.Services.GetRunGroup("main");

        await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync().Bounded());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => handle.Started.Bounded());
        Assert.Contains("drain delay (00:05:00)", error.Message);
        Assert.Contains("ShutdownTimeout (00:00:01)", error.Message);
    }
}
