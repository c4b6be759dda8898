using Akka.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AkkaRunGroup.Hosting.Internal;

/// <summary>
/// INTERNAL API. A hosted group's readiness and liveness checks, registered with Akka.Hosting's <c>WithHealthCheck</c>.
/// They read the run's state, which its GroupSupervisor publishes; a check never blocks and never asks an actor.
/// </summary>
internal sealed class RunGroupHealthCheck : IAkkaHealthCheck
{
    private readonly RunGroupHandle _handle;
    private readonly bool _readiness;

    private RunGroupHealthCheck(RunGroupHandle handle, bool readiness)
    {
        _handle = handle;
        _readiness = readiness;
    }

    /// <summary>Registers both checks of <paramref name="handle"/> on <paramref name="builder"/>.</summary>
    public static void Register(AkkaConfigurationBuilder builder, RunGroupHandle handle, RunGroupHostingOptions options)
    {
        builder.WithHealthCheck(new AkkaHealthCheckRegistration(
            $"run-group-{handle.Name}-ready", new RunGroupHealthCheck(handle, readiness: true), HealthStatus.Unhealthy, options.ReadinessTags));
        builder.WithHealthCheck(new AkkaHealthCheckRegistration(
            $"run-group-{handle.Name}-live", new RunGroupHealthCheck(handle, readiness: false), HealthStatus.Unhealthy, options.LivenessTags));
    }

    public Task<HealthCheckResult> CheckHealthAsync(AkkaHealthCheckContext context, CancellationToken cancellationToken) =>
        Task.FromResult(_readiness ? Readiness() : Liveness());

    /// <summary>
    /// Healthy only while the group is Running: every member started, nothing stopped it. Unhealthy otherwise, with the
    /// error only when it is a failure: a drain or a stop from outside is the group working, and a result with an
    /// exception is one the health-check service logs with its stack trace at every probe.
    /// </summary>
    private HealthCheckResult Readiness()
    {
        if (_handle.Started.IsFaulted)
        {
            return CouldNotStart();
        }

        var state = _handle.State;
        if (state.Phase == RunGroupPhase.Running)
        {
            return HealthCheckResult.Healthy(state.ToString(), DataOf(state));
        }

        return HealthCheckResult.Unhealthy(state.ToString(), HostedGroups.IsFailure(state.Error) ? state.Error : null, DataOf(state));
    }

    /// <summary>Unhealthy once the group could not start, completed with a failure, or abandoned a member.</summary>
    private HealthCheckResult Liveness()
    {
        if (_handle.Started.IsFaulted)
        {
            return CouldNotStart();
        }

        var state = _handle.State;
        if (state.Result is { } result)
        {
            var abandoned = result.Abandoned.Select(m => $"'{m.Name}'").ToArray();
            if (abandoned.Length > 0)
            {
                return HealthCheckResult.Unhealthy($"{result}; abandoned {string.Join(", ", abandoned)}", result.Error, DataOf(state));
            }

            if (HostedGroups.IsFailure(result.Error))
            {
                return HealthCheckResult.Unhealthy(result.ToString(), result.Error, DataOf(state));
            }
        }

        return HealthCheckResult.Healthy(state.ToString(), DataOf(state));
    }

    /// <summary>Unhealthy, with the state's data and the error that stopped the start (its type under <c>error</c>).</summary>
    private HealthCheckResult CouldNotStart()
    {
        var error = _handle.Started.Exception?.GetBaseException();
        var data = DataOf(_handle.State);
        if (error is not null)
        {
            data["error"] = error.GetType().FullName!;
        }

        return HealthCheckResult.Unhealthy($"run group '{_handle.Name}' could not start: {error?.Message}", error, data);
    }

    private static Dictionary<string, object> DataOf(RunGroupState state)
    {
        var data = new Dictionary<string, object>(4)
        {
            ["phase"] = state.Phase.ToString(),
            ["since"] = state.Since,
        };
        if (state.FirstExited is { } member)
        {
            data["firstExited"] = member;
        }

        if (state.Error is { } error)
        {
            data["error"] = error.GetType().FullName!;
        }

        return data;
    }
}
