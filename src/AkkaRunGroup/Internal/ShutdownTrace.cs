using System.Diagnostics;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The activity that traces a run's shutdown, from its stop decision to its completion, with an event
/// for the first exit and one for each abandoned member. Its parent is the activity that was current on the thread
/// that called <c>RunAsync</c> (<see cref="RunPlan.Caller"/>), or none.
/// </summary>
/// <remarks>
/// <para>Who calls: the GroupSupervisor starts it at the stop decision and adds the abandoned members; an
/// <see cref="OrphanedRun"/> adds those it abandons; the run's completion stops it, on whichever thread completes the
/// run. One thread at a time uses it: the activity is handed over with the calls that hand the run over.</para>
/// <para>It never stays <see cref="Activity.Current"/>: starting and stopping an activity change the current one of
/// the calling thread (an actor's, a pool thread), so each puts that thread's own back.</para>
/// </remarks>
internal static class ShutdownTrace
{
    public const string OperationName = "akka.run_group.shutdown";
    public const string FirstExitEvent = "akka.run_group.first_exit";
    public const string AbandonedEvent = "akka.run_group.member.abandoned";

    public static readonly ActivitySource Source = new(RunGroupTelemetry.ActivitySourceName, RunTelemetry.Version);

    /// <summary>The activity current on the calling thread, when anyone listens: the parent of the run's shutdown.</summary>
    public static Activity? Caller() => Source.HasListeners() ? Activity.Current : null;

    /// <summary>Starts the shutdown activity of <paramref name="plan"/>'s run; null when nobody samples it.</summary>
    /// <param name="plan">The run.</param>
    /// <param name="firstExited">The member that exited first; null for a stop from outside.</param>
    /// <param name="error">The run's error.</param>
    public static Activity? Start(RunPlan plan, string? firstExited, Exception? error)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var current = Activity.Current;
        // The parent is explicit, the caller's or none: never an activity this actor's thread happens to hold.
        Activity.Current = null;
        var activity = Source.StartActivity(
            OperationName, ActivityKind.Internal, plan.Caller?.Context ?? default, [new(RunTelemetry.GroupTag, plan.Name)]);
        Activity.Current = current;
        if (activity is null)
        {
            return null;
        }

        activity.DisplayName = $"shutdown {plan.Name}";
        if (firstExited is not null)
        {
            var tags = new ActivityTagsCollection { [RunTelemetry.MemberTag] = firstExited };
            if (error is not null)
            {
                tags[RunTelemetry.ErrorTypeTag] = RunTelemetry.ErrorTypeOf(error);
            }

            activity.AddEvent(new ActivityEvent(FirstExitEvent, tags: tags));
        }

        return activity;
    }

    /// <summary>Adds the event of an abandoned member.</summary>
    public static void Abandoned(Activity? shutdown, string member) =>
        shutdown?.AddEvent(new ActivityEvent(AbandonedEvent, tags: new ActivityTagsCollection { [RunTelemetry.MemberTag] = member }));

    /// <summary>Ends the shutdown activity with the run's outcome and error type; a failed run's status is Error.</summary>
    public static void Stop(Activity? shutdown, RunResult result)
    {
        if (shutdown is null)
        {
            return;
        }

        var outcome = RunTelemetry.OutcomeOf(result.Error);
        shutdown.SetTag(RunTelemetry.OutcomeTag, outcome);
        if (result.Error is { } error)
        {
            shutdown.SetTag(RunTelemetry.ErrorTypeTag, RunTelemetry.ErrorTypeOf(error));
        }

        if (outcome == RunTelemetry.Failed)
        {
            shutdown.SetStatus(ActivityStatusCode.Error);
        }

        var current = Activity.Current;
        shutdown.Stop();
        // Stop makes current the activity that was current where it started: this thread keeps its own.
        Activity.Current = current;
    }
}
