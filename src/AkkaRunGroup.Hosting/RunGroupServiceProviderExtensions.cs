using Akka.Hosting;
using AkkaRunGroup.Hosting.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace AkkaRunGroup.Hosting;

/// <summary>Finds the handles of the groups that <c>WithRunGroup</c> runs, from the host's services.</summary>
public static class RunGroupServiceProviderExtensions
{
    /// <summary>The handle of the hosted group named <paramref name="name"/>.</summary>
    /// <param name="services">The host's services, where <c>AddAkka</c> registered the Akka.Hosting builder.</param>
    /// <param name="name">The group's name.</param>
    /// <returns>The handle; the same instance on every call.</returns>
    /// <remarks>It may be called before the host starts: the handle's <see cref="RunGroupHandle.Started"/> tells when the group runs.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException">No <c>AddAkka</c>, or no group of that name.</exception>
    public static RunGroupHandle GetRunGroup(this IServiceProvider services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        // Resolving the builder runs the AddAkka callback, where WithRunGroup registers the handles.
        return HostedGroups.Get(services.GetRequiredService<AkkaConfigurationBuilder>(), name);
    }
}
