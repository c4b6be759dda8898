using AkkaRunGroup.Hosting.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AkkaRunGroup.Hosting.Tests.Internal;

/// <summary>The Host's shutdown timeout, read without a reference to the Host's assembly.</summary>
public sealed class HostShutdownTimeoutTests
{
    [Fact]
    public void The_hosts_configured_shutdown_timeout_is_read_from_its_services()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(7));
        using var host = builder.Build();

        Assert.Equal(TimeSpan.FromSeconds(7), HostShutdownTimeout.Of(host.Services));
    }

    [Fact]
    public void Services_without_HostOptions_give_the_Hosts_default()
    {
        using var services = new ServiceCollection().BuildServiceProvider();

        Assert.Equal(new HostOptions().ShutdownTimeout, HostShutdownTimeout.Of(services));
        Assert.Equal(new HostOptions().ShutdownTimeout, HostShutdownTimeout.Default);
    }
}
