using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AkkaRunGroup.Hosting.Internal;

/// <summary>
/// INTERNAL API. Holds the host's stop while a hosted group drains. The Host calls every lifecycle service's
/// <see cref="StoppingAsync"/> before any service's <c>StopAsync</c>, so the host's other services (an ASP.NET Core
/// server among them) keep serving during the drain; the group is interrupted, and the host goes on, when it ends.
/// </summary>
/// <remarks>
/// A host stopped by a signal fires <c>ApplicationStopping</c> first, which stops the hosted groups; a host whose
/// <c>StopAsync</c> is called runs this first. So this stops them too (the first stop counts, with the same error).
/// </remarks>
internal sealed class HostStopDrain(IServiceProvider services) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var handles = services.GetServices<AkkaConfigurationBuilder>().SelectMany(HostedGroups.All).ToArray();
        foreach (var handle in handles)
        {
            handle.Interrupt(HostedGroups.HostStopping());
        }

        // The stop reaches a group by message: a group still Running has not read it yet, and will drain. Each group's
        // run says when it is past its drain; a host whose stop is cut short stops waiting.
        try
        {
            await Task.WhenAll(handles.Select(static h => h.Group.WaitUntilInterruptingAsync())).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's shutdown timeout elapsed: the host goes on stopping, as it would without this service.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
