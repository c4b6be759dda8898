namespace AkkaRunGroup.Tests.Reliability;

/// <remarks>The Terminating lane: the group's own ActorSystem terminates right around RunAsync.</remarks>
public sealed partial class ChaosRunner
{
    /// <summary>
    /// Terminates the group's own <paramref name="system"/> right before RunAsync (with one <c>Task.Yield</c> between,
    /// or none) or 0–1 ms after it. RunAsync either returns a run, checked under the rules of the Terminating lane, or
    /// refuses it with an InvalidOperationException: then no execute has started and the group is unused, so it runs
    /// on the shared system with a cancelled token (draining first, if it has a drain delay) and is checked under the
    /// rules of the Cancel lane.
    /// </summary>
    private async Task<(Task<RunResult> Run, Level Level, ActorSystem RanOn)> StartTerminatingAsync(
        GroupSpec spec, RunGroup group, MemberRecord[] records, ActorSystem system)
    {
        if (spec.ExternalDelayMs < 0)
        {
            _ = system.Terminate();
            if (spec.ExternalDelayMs == -2)
            {
                await Task.Yield();
            }
        }

        Task<RunResult> run;
        try
        {
            run = group.RunAsync(system);
        }
        catch (InvalidOperationException refused)
        {
            var started = records.Where(r => r.Starts > 0).Select(r => r.Name).ToList();
            if (started.Count > 0)
            {
                throw new ChaosViolation($"RunAsync refused the run ({refused.Message}), yet [{string.Join(", ", started)}] started");
            }

            var cancelled = new CancellationToken(canceled: true);
            try
            {
                return (group.RunAsync(shared, cancelled), TopLevel(spec, cancelled, Lane.Cancel, stoppedAtStart: true), shared);
            }
            catch (InvalidOperationException e)
            {
                throw new ChaosViolation($"RunAsync refused the run ({refused.Message}), and the group could not run again: {e.Message}");
            }
        }
        catch (Exception e)
        {
            throw new ChaosViolation($"RunAsync threw {ChaosChecks.Describe(e)} as its ActorSystem terminated, not an InvalidOperationException");
        }

        if (spec.ExternalDelayMs > 0)
        {
            // The random moment of the termination: part of the case, not a synchronisation.
            await Task.Delay(spec.ExternalDelayMs);
        }

        if (spec.ExternalDelayMs >= 0)
        {
            _ = system.Terminate();
        }

        return (run, TopLevel(spec, default, Lane.Terminating, stoppedAtStart: false), system);
    }

    private static string TerminatingMoment(GroupSpec spec) => spec.ExternalDelayMs switch
    {
        -2 => "terminated, then Task.Yield, then RunAsync",
        -1 => "terminated right before RunAsync",
        _ => $"terminated {spec.ExternalDelayMs} ms after RunAsync",
    };
}
