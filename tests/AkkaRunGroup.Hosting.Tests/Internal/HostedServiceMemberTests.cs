using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AkkaRunGroup.Hosting.Tests.Internal;

/// <summary>A hosted-service member's lifecycle hooks: their order, their tokens and their exceptions, against the Generic Host's.</summary>
public sealed class HostedServiceMemberTests
{
    /// <summary>The Host gives its three start hooks one token, and its three stop hooks another that can be cancelled.</summary>
    private static void AssertTokensAsTheHostGivesThem(LifecycleService service)
    {
        var start = service.TokenOf("starting");
        Assert.Equal(start, service.TokenOf("start"));
        Assert.Equal(start, service.TokenOf("started"));
        var stop = service.TokenOf("stopping");
        Assert.Equal(stop, service.TokenOf("stop"));
        Assert.Equal(stop, service.TokenOf("stopped"));
        Assert.NotEqual(start, stop);
        Assert.True(stop.CanBeCanceled);
    }

    [Fact]
    public async Task Lifecycle_hooks_run_in_the_order_and_with_the_tokens_the_Host_gives_its_own_services()
    {
        var byHost = new LifecycleService();
        var plain = Host.CreateApplicationBuilder();
        plain.Logging.ClearProviders();
        plain.Services.AddHostedService(_ => byHost);
        using (var plainHost = plain.Build())
        {
            await plainHost.StartAsync().Bounded();
            await plainHost.StopAsync().Bounded();
        }

        var inGroup = new LifecycleService();
        using var host = TestHost.Build(akka => akka.WithRunGroup("main", (group, _, _) => group.AddHostedService(inGroup, "lifecycle")));
        await host.StartAsync().Bounded();
        await inGroup.Started.Task.Bounded();
        Assert.Equal(["starting", "start", "started"], inGroup.Hooks);
        Assert.False(inGroup.TokenOf("start").IsCancellationRequested);
        await host.StopAsync().Bounded();

        Assert.Equal(LifecycleService.EveryHook, byHost.Hooks);
        Assert.Equal(LifecycleService.EveryHook, inGroup.Hooks);
        AssertTokensAsTheHostGivesThem(byHost);
        AssertTokensAsTheHostGivesThem(inGroup);
        // The start hooks' token is the member's interrupt token: the stopping host cancelled it.
        Assert.True(inGroup.TokenOf("start").IsCancellationRequested);
        // The grace period (the group's interrupt timeout, 30 s by default) was not over.
        Assert.False(inGroup.TokenOf("stop").IsCancellationRequested);
    }

    [Theory]
    [InlineData("starting", 1)]
    [InlineData("start", 2)]
    [InlineData("started", 6)]
    [InlineData("stopping", 6)]
    [InlineData("stop", 6)]
    [InlineData("stopped", 6)]
    public async Task A_hook_that_throws_ends_the_member_with_its_error_and_a_started_service_is_still_stopped(string throwing, int calls)
    {
        var service = new LifecycleService(throwing);
        var group = new RunGroup().AddHostedService(service, "lifecycle");

        var run = group.RunAsync();
        // A failed start ends the run by itself; a started service runs until it is interrupted.
        await Task.WhenAny(run, service.Started.Task).Bounded();
        group.Interrupt();
        var result = await run.Bounded();

        Assert.Equal(LifecycleService.EveryHook[..calls], service.Hooks);
        Assert.Same(service.Errors[throwing], Assert.Single(result.Members).Error);
    }

    [Fact]
    public async Task Every_stop_hook_runs_and_their_errors_are_aggregated_in_order()
    {
        var service = new LifecycleService("stopping", "stopped");
        var group = new RunGroup().AddHostedService(service, "lifecycle");

        var run = group.RunAsync();
        await service.Started.Task.Bounded();
        group.Interrupt();
        var result = await run.Bounded();

        Assert.Equal(LifecycleService.EveryHook, service.Hooks);
        var error = Assert.IsType<AggregateException>(Assert.Single(result.Members).Error);
        Assert.Equal([service.Errors["stopping"], service.Errors["stopped"]], error.InnerExceptions);
    }
}
