using AkkaRunGroup.Hosting.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AkkaRunGroup.Hosting;

/// <summary>Registers what the health checks and the drain of the groups that <c>WithRunGroup</c> runs need from the host.</summary>
public static class RunGroupHealthCheckExtensions
{
    /// <summary>
    /// Adds the health-check service (<c>AddHealthChecks</c>), which serves the readiness and liveness checks every
    /// hosted group registers, and holds the host's stop while a hosted group drains, so that the host's other
    /// services (an ASP.NET Core server included) keep serving during the drain.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <returns>The health-checks builder, to add checks of your own.</returns>
    /// <remarks>
    /// Call it once, with the other service registrations (the groups themselves are added in <c>AddAkka</c>, after
    /// the container is built, where no service can be registered). Calling it again adds nothing.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IHealthChecksBuilder AddRunGroupHealthChecks(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, HostStopDrain>());
        return services.AddHealthChecks();
    }
}
